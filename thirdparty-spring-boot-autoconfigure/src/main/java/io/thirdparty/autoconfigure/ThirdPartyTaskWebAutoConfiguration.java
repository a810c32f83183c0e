package io.thirdparty.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.thirdparty.ThirdPartyTasks;
import io.thirdparty.async.TaskCodec;
import io.thirdparty.async.ThirdPartyAsyncProperties;
import io.thirdparty.async.web.TaskEndpoints;

/**
 * Auto-configuration of the task API's HTTP endpoints in a servlet web application:
 * {@code POST <base-path>} to start a task, {@code GET <base-path>/{taskId}} to check
 * one, under {@code third-party.async.tasks.base-path} (default
 * {@code /third-party/tasks}). Off with
 * {@code third-party.async.tasks.web-enabled=false}. The endpoints are the application's:
 * secure them as any other (Spring Security matchers on the base path).
 */
@AutoConfiguration(after = ThirdPartyAsyncAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean({ ThirdPartyTasks.class, TaskCodec.class })
@ConditionalOnBooleanProperty(name = ThirdPartyAsyncProperties.PREFIX + ".tasks.web-enabled", matchIfMissing = true)
public class ThirdPartyTaskWebAutoConfiguration {

	/** Name of the router function bean. */
	public static final String ROUTES = "thirdPartyTaskRoutes";

	@Bean(name = ROUTES)
	@ConditionalOnMissingBean(name = ROUTES)
	RouterFunction<ServerResponse> thirdPartyTaskRoutes(ThirdPartyTasks tasks, TaskCodec codec,
			ThirdPartyAsyncProperties properties) {
		return new TaskEndpoints(tasks, codec.mapper(), properties.getTasks().getBasePath(),
				properties.getTasks().getMaxRequestSize().toBytes())
			.routes();
	}

}
