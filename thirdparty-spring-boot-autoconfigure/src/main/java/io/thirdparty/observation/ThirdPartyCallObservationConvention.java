package io.thirdparty.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the observation of each {@code @ThirdPartyCall} and its key values, which
 * Micrometer's meter handler turns into the call timer's name and tags. Declare a bean of
 * this type to replace {@link DefaultThirdPartyCallObservationConvention}, as Spring
 * Framework's {@code ClientRequestObservationConvention} replaces the HTTP client's.
 */
public interface ThirdPartyCallObservationConvention extends ObservationConvention<ThirdPartyCallContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ThirdPartyCallContext;
	}

}
