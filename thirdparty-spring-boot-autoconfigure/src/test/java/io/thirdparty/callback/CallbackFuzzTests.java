package io.thirdparty.callback;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import io.thirdparty.test.CallbackSender;
import io.thirdparty.test.CallbackSender.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random and nearly-right callbacks: random headers and bodies, and
 * correctly signed callbacks with one thing changed. None is accepted, none causes a
 * server error. The seed is logged and in every failure message; set
 * {@code -Dthirdparty.fuzz.seed=N} to replay.
 */
class CallbackFuzzTests extends CallbackWebTestSupport {

	private static final Log logger = LogFactory.getLog(CallbackFuzzTests.class);

	private static final int REQUESTS = 3000;

	private static final String[] PATHS = { "/callbacks/pay/alipay", "/callbacks/pay/wechat", "/callbacks/pay",
			"/callbacks/pay/restricted", "/callbacks/pay/ALIPAY", "/callbacks/pay/alipay%00",
			"/callbacks/pay/..%2Falipay" };

	@Test
	void noRandomOrNearlyRightCallbackIsAcceptedAndNoneFailsTheServer() {
		long seed = Long.getLong("thirdparty.fuzz.seed", System.nanoTime());
		logger.info("Callback fuzz seed: " + seed);
		Random random = new Random(seed);
		CallbackSender sender = sender();
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < REQUESTS; i++) {
			boolean nearMiss = random.nextBoolean();
			String path = PATHS[random.nextInt(PATHS.length)];
			byte[] body = body(random);
			Map<String, String> headers = nearMiss ? nearMiss(random, body) : randomHeaders(random);
			if (nearMiss && random.nextBoolean()) {
				body = mutate(random, body);
			}
			Answer answer = sender.post(path, body, headers);
			statuses.merge(answer.status(), 1, Integer::sum);
			assertThat(answer.status())
				.as("seed %d, request %d to %s with headers %s: %s", seed, i, path, headers.keySet(), answer)
				.isBetween(400, 499);
		}
		logger.info("Callback fuzz statuses: " + statuses);
		assertThat(this.controller.calls()).as("seed %d", seed).isZero();
	}

	private static byte[] body(Random random) {
		int kind = random.nextInt(4);
		if (kind == 0) {
			return BODY.clone();
		}
		if (kind == 1) {
			return new byte[0];
		}
		byte[] bytes = new byte[random.nextInt((kind == 2) ? 200 : 1500)];
		random.nextBytes(bytes);
		return bytes;
	}

	/**
	 * A correctly signed (or correctly tokened) callback of the body, with one thing
	 * changed.
	 */
	private static Map<String, String> nearMiss(Random random, byte[] body) {
		Map<String, String> headers = new LinkedHashMap<>(
				CallbackSender.signed(ALIPAY_SECRET, body, Instant.now(), "n-" + Long.toHexString(random.nextLong())));
		if (random.nextInt(4) == 0) {
			return Map.of("X-Forwarded-Proto", "https", "X-Callback-Token", flip(random, WECHAT_TOKEN));
		}
		switch (random.nextInt(6)) {
			case 0 -> headers.put("X-Callback-Signature", flip(random, headers.get("X-Callback-Signature")));
			case 1 -> headers.put("X-Callback-Nonce", headers.get("X-Callback-Nonce") + "x");
			case 2 -> headers.put("X-Callback-Timestamp",
					Long.toString(Long.parseLong(headers.get("X-Callback-Timestamp")) + 1 + random.nextInt(1000)));
			case 3 -> headers.put("X-Callback-Signature",
					Base64.getEncoder().encodeToString(HexFormat.of().parseHex(headers.get("X-Callback-Signature"))));
			case 4 -> headers
				.remove(new String[] { "X-Callback-Signature", "X-Callback-Nonce", "X-Callback-Timestamp" }[random
					.nextInt(3)]);
			default -> headers.put("X-Callback-Signature",
					HexFormat.of()
						.formatHex(CallbackSender.hmac(RESTRICTED_SECRET, headers.get("X-Callback-Timestamp"),
								headers.get("X-Callback-Nonce"), body)));
		}
		return headers;
	}

	private static Map<String, String> randomHeaders(Random random) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (random.nextInt(10) > 0) {
			headers.put("X-Forwarded-Proto", random.nextInt(10) > 0 ? "https" : text(random, 8));
		}
		String[] names = { "X-Callback-Token", "X-Callback-Signature", "X-Callback-Timestamp", "X-Callback-Nonce",
				"X-Forwarded-For", "Forwarded", "X-Fuzz-" + random.nextInt(100) };
		for (String name : names) {
			if (random.nextBoolean()) {
				headers.put(name, value(random, name));
			}
		}
		return headers;
	}

	private static String value(Random random, String name) {
		switch (random.nextInt(5)) {
			case 0:
				byte[] signature = new byte[32];
				random.nextBytes(signature);
				return HexFormat.of().formatHex(signature);
			case 1:
				return Long.toString(Instant.now().getEpochSecond() + random.nextInt(2000) - 1000);
			case 2:
				return Long.toString(random.nextLong());
			case 3:
				return name.contains("Token") ? flip(random, WECHAT_TOKEN) : text(random, 1 + random.nextInt(300));
			default:
				return text(random, random.nextInt(40));
		}
	}

	/** Printable ASCII, the only text a header can carry. */
	private static String text(Random random, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append((char) (0x21 + random.nextInt(0x7E - 0x21)));
		}
		return text.toString();
	}

	private static String flip(Random random, String value) {
		char[] chars = value.toCharArray();
		int index = random.nextInt(chars.length);
		chars[index] = (chars[index] == 'a') ? 'b' : 'a';
		return new String(chars);
	}

	private static byte[] mutate(Random random, byte[] body) {
		if (body.length == 0) {
			return "x".getBytes(StandardCharsets.UTF_8);
		}
		byte[] mutated = body.clone();
		mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
		return mutated;
	}

}
