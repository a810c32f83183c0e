package io.thirdparty.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.framework.autoproxy.InfrastructureAdvisorAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.FilteredClassLoader;

import io.thirdparty.ThirdPartyCall;
import io.thirdparty.ThirdPartyContext;
import io.thirdparty.test.PipelineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter does not bring AspectJ: without it Boot's AOP auto-configuration registers
 * only the infrastructure auto-proxy creator, which still applies the
 * {@code @ThirdPartyCall} advisor.
 */
class WithoutAspectJTests {

	@Test
	void thirdPartyCallsRunThroughThePipelineWithoutAspectJ() {
		PipelineRunner.create()
			.withClassLoader(new FilteredClassLoader("org.aspectj"))
			.withBean(Greeter.class)
			.withPropertyValues("third-party.greeting.providers[0].name=only",
					"third-party.greeting.providers[0].url=http://only.example")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME))
					.isInstanceOf(InfrastructureAdvisorAutoProxyCreator.class);
				Greeter greeter = context.getBean(Greeter.class);
				assertThat(AopUtils.isAopProxy(greeter)).isTrue();
				assertThat(greeter.greet()).isEqualTo("only#1");
			});
	}

	public static class Greeter {

		@ThirdPartyCall(service = "greeting")
		public String greet() {
			return ThirdPartyContext.provider().name() + "#" + ThirdPartyContext.attempt();
		}

	}

}
