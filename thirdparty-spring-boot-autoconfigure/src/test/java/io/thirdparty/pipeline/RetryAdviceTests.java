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
 * Attempts after the first, with and without other advice on the bean, inside the
 * pipeline or outside it.
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
		primaryA().withBean("innerAdvisor", Advisor.class, () -> advisor(inner, Ordered.LOWEST_PRECEDENCE))
			.withBean(CopyRecorder.class)
			.run((context) -> {
				assertThat(context.getBean(SmsClient.class).whoAnswers("hello"))
					.isEqualTo("{\"vendor\":\"provider_b\"}#2");
				assertThat(inner.seen).containsExactly("hello", "hello");
				assertThat(this.a.requests()).isOne();
				assertThat(this.b.requests()).isOne();
				assertThat(context.getBean(CopyRecorder.class).keptCopy).containsExactly(true);
			});
	}

	@Test
	void retryWithAdviceOutsideThePipelineRunsTheMethodAgainAndTheAdviceOnceCopyingNothing() {
		this.a.status(500);
		ArgumentChangingInterceptor outer = new ArgumentChangingInterceptor();
		primaryA().withBean("outerAdvisor", Advisor.class, () -> advisor(outer, Ordered.HIGHEST_PRECEDENCE))
			.withBean(CopyRecorder.class)
			.run((context) -> {
				assertThat(context.getBean(SmsClient.class).whoAnswers("hello"))
					.isEqualTo("{\"vendor\":\"provider_b\"}#2");
				assertThat(outer.seen).containsExactly("hello");
				assertThat(this.a.requests()).isOne();
				assertThat(this.b.requests()).isOne();
				assertThat(context.getBean(CopyRecorder.class).keptCopy).containsExactly(false);
			});
	}

	@Test
	void aCallWithNoOtherAdviceCopiesNothing() {
		primaryA().withBean(CopyRecorder.class).run((context) -> {
			assertThat(context.getBean(SmsClient.class).whoAnswers("hello")).isEqualTo("{\"vendor\":\"provider_a\"}#1");
			assertThat(context.getBean(CopyRecorder.class).keptCopy).containsExactly(false);
		});
	}

	private ApplicationContextRunner primaryA() {
		return PipelineRunner.sms(this.a, 50, this.b, 50)
			.withPropertyValues("third-party.sms.strategy=priority", "third-party.sms.providers[0].priority=1",
					"third-party.sms.providers[1].priority=2");
	}

	private static Advisor advisor(MethodInterceptor interceptor, int order) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
				new AnnotationMatchingPointcut(null, ThirdPartyCall.class, true), interceptor);
		advisor.setOrder(order);
		return advisor;
	}

	/**
	 * A stage that records whether each call keeps a copy of its invocation for retries.
	 */
	static final class CopyRecorder implements CallStage, Ordered {

		final List<Boolean> keptCopy = new CopyOnWriteArrayList<>();

		@Override
		public Object invoke(ThirdPartyInvocation invocation, CallChain next) throws Throwable {
			if (invocation.attempt() == 1) {
				this.keptCopy.add(invocation.keepsCopyForRetries());
			}
			return next.proceed(invocation);
		}

		@Override
		public int getOrder() {
			return StageOrders.PROTECTION + 50;
		}

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
