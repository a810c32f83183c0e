package io.thirdparty.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key values of the default call convention, built once per combination.
 */
class DefaultThirdPartyCallObservationConventionTests {

	private final DefaultThirdPartyCallObservationConvention convention = new DefaultThirdPartyCallObservationConvention();

	@Test
	void aCallNotYetEndedHasNoProviderAndAnUnknownOutcome() {
		assertThat(this.convention.getLowCardinalityKeyValues(new ThirdPartyCallContext("sms"))).containsExactly(
				KeyValue.of("outcome", "unknown"), KeyValue.of("provider", "none"), KeyValue.of("service", "sms"));
	}

	@Test
	void eachServiceProviderAndOutcomeHasItsOwnKeyValuesKeptForTheNextCall() {
		KeyValues success = this.convention.getLowCardinalityKeyValues(ended("sms", "provider_a", CallOutcome.SUCCESS));
		KeyValues failure = this.convention.getLowCardinalityKeyValues(ended("sms", "provider_a", CallOutcome.FAILURE));
		KeyValues other = this.convention.getLowCardinalityKeyValues(ended("sms", "provider_b", CallOutcome.SUCCESS));
		KeyValues mail = this.convention.getLowCardinalityKeyValues(ended("mail", "provider_a", CallOutcome.SUCCESS));
		assertThat(success).containsExactly(KeyValue.of("outcome", "success"), KeyValue.of("provider", "provider_a"),
				KeyValue.of("service", "sms"));
		assertThat(failure).contains(KeyValue.of("outcome", "failure"));
		assertThat(other).contains(KeyValue.of("provider", "provider_b"), KeyValue.of("outcome", "success"));
		assertThat(mail).contains(KeyValue.of("service", "mail"));
		assertThat(this.convention.getLowCardinalityKeyValues(ended("sms", "provider_a", CallOutcome.SUCCESS)))
			.isSameAs(success);
	}

	@Test
	void attemptsAreAHighCardinalityKeyAtAnyCount() {
		ThirdPartyCallContext context = ended("sms", "provider_a", CallOutcome.SUCCESS);
		context.setAttempts(3);
		assertThat(this.convention.getHighCardinalityKeyValues(context)).containsExactly(KeyValue.of("attempts", "3"));
		context.setAttempts(40);
		assertThat(this.convention.getHighCardinalityKeyValues(context)).containsExactly(KeyValue.of("attempts", "40"));
	}

	private static ThirdPartyCallContext ended(String service, String provider, CallOutcome outcome) {
		ThirdPartyCallContext context = new ThirdPartyCallContext(service);
		context.setProvider(provider);
		context.setOutcome(outcome);
		return context;
	}

}
