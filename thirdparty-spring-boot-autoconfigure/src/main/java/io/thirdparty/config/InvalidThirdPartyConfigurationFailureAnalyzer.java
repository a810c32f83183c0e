package io.thirdparty.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidThirdPartyConfigurationException} at startup: the key, the
 * value, the reason and the change to make.
 */
class InvalidThirdPartyConfigurationFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidThirdPartyConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidThirdPartyConfigurationException cause) {
		String description = "Invalid third-party configuration:\n\n    Property: " + cause.getProperty()
				+ "\n    Value: " + cause.getValue() + "\n    Reason: " + cause.getReason() + "\n";
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
