package io.thirdparty.pipeline;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.core.Ordered;

import io.thirdparty.async.AsyncCallStage;
import io.thirdparty.async.FutureResultStage;
import io.thirdparty.cache.CacheStage;
import io.thirdparty.observation.AttemptObservationStage;
import io.thirdparty.observation.CallObservationStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stage orders live in {@link StageOrders}, every stage takes its order from there,
 * and README's stage table says the same.
 */
class StageOrdersTests {

	private static final List<Class<? extends CallStage>> STAGES = List.of(AsyncCallStage.class, FallbackStage.class,
			CallObservationStage.class, CacheStage.class, FailoverStage.class, AttemptObservationStage.class,
			AttemptStage.class, ProtectionStage.class, FutureResultStage.class, InvocationStage.class);

	private static final String TABLE_HEADER = "| order | stage | what it does |";

	@Test
	void everyStageTakesADistinctOrderFromStageOrders() throws Exception {
		Set<Integer> constants = new TreeSet<>();
		for (Field field : StageOrders.class.getFields()) {
			assertThat(Modifier.isStatic(field.getModifiers()) && field.getType() == int.class).as(field.getName())
				.isTrue();
			constants.add(field.getInt(null));
		}
		Set<Integer> used = new TreeSet<>(stageOrders().values());
		assertThat(used).hasSameSizeAs(STAGES).isEqualTo(constants);
	}

	@Test
	void readmeStageTableMatchesTheStageOrders() throws IOException {
		Map<String, Integer> readme = readmeOrders();
		assertThat(readme).as("README's stage table, in its order").containsExactlyEntriesOf(stageOrders());
	}

	/** Returns each stage's order, by the stage's simple name, in order. */
	private static Map<String, Integer> stageOrders() {
		Map<String, Integer> orders = new LinkedHashMap<>();
		STAGES.stream()
			.sorted((a, b) -> Integer.compare(order(a), order(b)))
			.forEach((stage) -> orders.put(stage.getSimpleName(), order(stage)));
		return orders;
	}

	private static int order(Class<? extends CallStage> stage) {
		try {
			return stage.getField("ORDER").getInt(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(stage.getName() + " has no public ORDER", ex);
		}
	}

	/**
	 * Reads README's stage table: {@code | 340, 350 | `A`, `B` | ... |} gives A=340,
	 * B=350.
	 */
	private static Map<String, Integer> readmeOrders() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
		int header = lines.indexOf(TABLE_HEADER);
		assertThat(header).as("README has the stage table").isNotNegative();
		Map<String, Integer> orders = new LinkedHashMap<>();
		for (String line : lines.subList(header + 2, lines.size())) {
			if (!line.startsWith("|")) {
				break;
			}
			List<String> cells = cells(line);
			String[] numbers = cells.get(0).split(",");
			String[] names = cells.get(1).split(",");
			assertThat(numbers).as(line).hasSameSizeAs(names);
			for (int i = 0; i < names.length; i++) {
				String number = numbers[i].trim();
				orders.put(names[i].trim().replace("`", ""),
						number.equals("last") ? Ordered.LOWEST_PRECEDENCE : Integer.parseInt(number));
			}
		}
		return orders;
	}

	private static List<String> cells(String line) {
		List<String> cells = new ArrayList<>();
		for (String cell : line.substring(1).split("\\|")) {
			cells.add(cell.trim());
		}
		return cells;
	}

}
