package io.thirdparty.async;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.thirdparty.autoconfigure.ThirdPartyAsyncAutoConfiguration;
import io.thirdparty.test.AsyncRunner;
import io.thirdparty.test.AsyncSmsClient;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The asynchronous stage looks its executor up once, at the first asynchronous call, as
 * its Javadoc says, not on every call.
 */
class AsyncCallStageTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	@Test
	void theExecutorIsLookedUpOnceForEveryCall() {
		AsyncRunner.service(AsyncRunner.inMemory(), "sms", this.a)
			.withBean(AsyncSmsClient.class)
			.withUserConfiguration(CountingLookups.class)
			.run((context) -> {
				AsyncSmsClient sms = context.getBean(AsyncSmsClient.class);
				for (int i = 0; i < 3; i++) {
					assertThat(sms.send("hi").get(10, TimeUnit.SECONDS)).contains("provider_a");
				}
				assertThat(context.getBean(CountingLookups.class).lookups).hasValue(1);
			});
	}

	/** The starter's stage, over a provider of its executor that counts lookups. */
	@Configuration(proxyBeanMethods = false)
	static class CountingLookups {

		final AtomicInteger lookups = new AtomicInteger();

		@Bean
		AsyncCallStage thirdPartyAsyncCallStage(
				@Qualifier(ThirdPartyAsyncAutoConfiguration.EXECUTOR) ObjectProvider<AsyncCallExecutor> executor,
				ObjectProvider<TaskSubmitter> submitter, RunningTasks runningTasks) {
			return new AsyncCallStage(counting(executor), submitter, runningTasks);
		}

		private ObjectProvider<AsyncCallExecutor> counting(ObjectProvider<AsyncCallExecutor> provider) {
			return new ObjectProvider<>() {

				@Override
				public AsyncCallExecutor getObject() {
					CountingLookups.this.lookups.incrementAndGet();
					return provider.getObject();
				}

				@Override
				public AsyncCallExecutor getObject(Object... args) {
					CountingLookups.this.lookups.incrementAndGet();
					return provider.getObject(args);
				}

				@Override
				public AsyncCallExecutor getIfAvailable() {
					CountingLookups.this.lookups.incrementAndGet();
					return provider.getIfAvailable();
				}

				@Override
				public AsyncCallExecutor getIfUnique() {
					CountingLookups.this.lookups.incrementAndGet();
					return provider.getIfUnique();
				}

				@Override
				public Iterator<AsyncCallExecutor> iterator() {
					return provider.iterator();
				}

				@Override
				public Stream<AsyncCallExecutor> stream() {
					return provider.stream();
				}

			};
		}

	}

}
