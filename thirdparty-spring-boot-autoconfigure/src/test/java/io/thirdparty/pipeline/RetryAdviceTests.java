package io.thirdparty.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.test.FakeVendor;
import io.thirdparty.test.FakeVendors;
import io.thirdparty.test.PipelineRunner;
import io.thirdparty.test.SmsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attempts after the first, with and without other advice between the pipeline and the method.
 */
class RetryAdviceTests {

	@RegisterExtension
	final FakeVendors vendors = new FakeVendors();

	private final FakeVendor a = this.vendors.start("provider_a");

	private final FakeVendor b = this.vendors.start("provider_b");

	@Test
	void retryReachesTheMethodAgainWhenNoAdviceRunsInside() {
		this.a.status(500);
		primaryA().run((context) -> {
			assertThat(context.getBean(SmsClient.class).whoAnswers("hello")).isEqualTo("{\"vendor\":\"provider_b\"}#2");
			assertThat(this.a.requests()).isOne();
			assertThat(this.b.requests()).isOne();
		});
	}

	@Test
	void retryAfterATimeoutReachesTheMethodAgainWhenNoAdviceRunsInside() {
		this.a.behave(new FakeVendor.Delay(Duration.ofSeconds(5)));
		primaryA().withPropertyValues("third-party.sms.timeout=300ms").run((context) -> {
			assertThat(context.getBean(SmsClient.class).whoAnswers("hello")).isEqualTo("{\"vendor\":\"provider_b\"}#2");
			assertThat(this.b.requests()).isOne();
		});
	}

	@Test
	void retryRunsTheAdviceInsideThePipelineAgainWithTheOriginalArguments() {
		this.a.status(500);
		ArgumentChangingInterceptor inner = new ArgumentChangingInterceptor();
		primaryA().withBean("innerAdvisor", Advisor.class, () -> inner(inner)).run((context) -> {
			assertThat(context.getBean(SmsClient.class).whoAnswers("hello")).isEqualTo("{\"vendor\":\"provider_b\"}#2");
			assertThat(inner.seen).containsExactly("hello", "hello");
		});
	}

	private ApplicationContextRunner primaryA() {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.providers[0].priority=1",
					"third-party.sms.providers[1].priority=2");
	}

	private static Advisor inner(MethodInterceptor interceptor) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new AnnotationMatchingPointcut(null, ThirdPartyCall.class, true), interceptor);
		advisor.setOrder(Ordered.LOWEST_PRECEDENCE);
		return advisor;
	}

	/** Advice that records the first argument it is given and changes it in place. */
	static final class ArgumentChangingInterceptor implements MethodInterceptor {

		final List<Object> seen = new CopyOnWriteArrayList<>();

		@Override
		public Object invoke(MethodInvocation invocation) throws Throwable {
			Object[] arguments = invocation.getArguments();
			this.seen.add(arguments[0]);
			arguments[0] = arguments[0] + "!";
			return invocation.proceed();
		}

	}

}
