package io.thirdparty.async;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Params that do not convert to a task's parameter type are said in the caller's terms:
 * the parameter and what it should be, never Jackson's message, its feature names or a
 * class name.
 */
class TaskParamsMismatchTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final TaskCodec codec = new TaskCodec(this.mapper);

	@Test
	void wrongTypeNamesTheParameterAndWhatItShouldBe() {
		assertMismatch("{\"orderId\":\"o\",\"amount\":\"lots\"}", "parameter 'amount': expected a whole number");
		assertMismatch("{\"orderId\":\"o\",\"amount\":true}", "parameter 'amount': expected a whole number");
		assertMismatch("{\"orderId\":{\"x\":1},\"amount\":1}", "parameter 'orderId': expected a string");
		assertMismatch("{\"amount\":1,\"rate\":\"high\"}", "parameter 'rate': expected a number");
		assertMismatch("{\"amount\":1,\"express\":\"maybe\"}", "parameter 'express': expected true or false");
		assertMismatch("{\"amount\":1,\"at\":\"yesterday\"}", "parameter 'at': expected an ISO-8601 date or time");
		assertMismatch("{\"amount\":1,\"lines\":{\"x\":1}}", "parameter 'lines': expected a list");
	}

	@Test
	void missingOrNullPrimitiveIsMissingWithoutJacksonsHint() {
		assertMismatch("{\"orderId\":\"o\"}", "parameter 'amount': missing, expected a whole number");
		assertMismatch("{\"orderId\":\"o\",\"amount\":null}", "parameter 'amount': missing, expected a whole number");
	}

	@Test
	void enumListsItsValues() {
		assertMismatch("{\"amount\":1,\"currency\":\"BTC\"}", "parameter 'currency': expected one of EUR, USD");
	}

	@Test
	void nestedParameterIsNamedByItsPath() {
		assertMismatch("{\"amount\":1,\"lines\":[{\"sku\":\"a\",\"quantity\":1},{\"sku\":\"b\",\"quantity\":\"x\"}]}",
				"parameter 'lines[1].quantity': expected a whole number");
	}

	@Test
	void paramsThatAreNoObjectAreSaidSo() {
		assertMismatch("\"pay me\"", "params: expected an object");
		assertMismatch("[1, 2]", "params: expected an object");
	}

	@Test
	void numberOutOfRangeIsSaidSo() {
		assertMismatch("{\"amount\":99999999999999999999999}", "parameter 'amount': the number is out of range");
	}

	@Test
	void refusalByTheParameterTypeKeepsItsOwnMessage() {
		assertMismatch("{\"amount\":-5}", "params: refused (amount must be positive)");
	}

	@Test
	void paramsGivenAsAMapAreDescribedAlike() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.convert(Map.of("orderId", "o"), Payment.class))
			.withMessage("parameter 'amount': missing, expected a whole number");
	}

	private void assertMismatch(String params, String message) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.convert(this.mapper.readTree(params), Payment.class))
			.withMessage(message)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("`", "$", "FAIL_ON", "Payment", "java."));
	}

	enum Currency {

		EUR, USD

	}

	record Line(String sku, int quantity) {
	}

	record Payment(String orderId, long amount, Double rate, Boolean express, Instant at, Currency currency,
			List<Line> lines) {

		Payment {
			if (amount < 0) {
				throw new IllegalArgumentException("amount must be positive");
			}
		}

	}

}
