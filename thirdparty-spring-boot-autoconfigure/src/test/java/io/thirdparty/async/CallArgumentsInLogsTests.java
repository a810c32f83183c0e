package io.thirdparty.async;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.thirdparty.TaskState;
import io.thirdparty.TaskStatus;
import io.thirdparty.ThirdPartyException;
import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.LogEvents;
import io.thirdparty.test.NotificationClient;
import io.thirdparty.test.NotificationClient.Notification;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Failing calls whose argument is a phone number: the starter's warnings say what failed
 * and why, never the number, whether it is in the request's URL or echoed in the vendor's
 * answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallArgumentsInLogsTests {

	private static final String PHONE = "+8613800138000";

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor vendor = this.vendors.start("provider_a");

	@Test
	void failingCallsLogNoPhoneNumberAtWarn(CapturedOutput output) {
		this.vendor.behave(new FakeVendor.Answer(500, "{\"error\":\"cannot deliver to " + PHONE + "\"}"));
		AsyncRunner.service(AsyncRunner.inMemory(), "sms", this.vendor)
			.withBean(NotificationClient.class)
			.withBean(SmsClient.class)
			.withPropertyValues("third-party.sms.retry.max-attempts=1", "third-party.async.max-deliveries=2")
			.run((context) -> {
				assertThatExceptionOfType(ThirdPartyException.class)
					.isThrownBy(() -> context.getBean(SmsClient.class).send("to " + PHONE));
				ThirdPartyTasks tasks = context.getBean(ThirdPartyTasks.class);
				String answered = context.getBean(NotificationClient.class).send(new Notification("n-1", PHONE, "hi"));
				assertThat(awaitFinished(tasks, answered).error()).contains("HTTP 500").doesNotContain(PHONE);
				this.vendor.down();
				String unreachable = context.getBean(NotificationClient.class)
					.send(new Notification("n-2", PHONE, "hi"));
				assertThat(awaitFinished(tasks, unreachable).error()).contains("ResourceAccessException")
					.doesNotContain(PHONE);
			});
		assertThat(LogEvents.at("WARN", output)).anySatisfy((event) -> assertThat(event).contains("failed on delivery"))
			.allSatisfy((event) -> assertThat(event).doesNotContain(PHONE.substring(1)));
		assertThat(LogEvents.at("ERROR", output))
			.allSatisfy((event) -> assertThat(event).doesNotContain(PHONE.substring(1)));
	}

	private static TaskState awaitFinished(ThirdPartyTasks tasks, String taskId) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> tasks.check(taskId).orElseThrow(), (state) -> state.status() != TaskStatus.PROCESSING);
	}

}
