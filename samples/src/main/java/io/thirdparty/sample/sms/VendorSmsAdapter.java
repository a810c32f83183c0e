package io.thirdparty.sample.sms;

import org.springframework.web.client.RestClient;

import io.thirdparty.ProviderSettings;
import io.thirdparty.ThirdPartyContext;

/**
 * What the two SMS adapters share: both methods of {@link SmsGateway} come down to one
 * request in the vendor's own API, {@link #post}, made with the provider's settings.
 */
abstract class VendorSmsAdapter implements SmsGateway {

	/** The provider's url and credentials, read on each call. */
	protected final ProviderSettings settings;

	/** The client, built from Boot's {@link RestClient.Builder}. */
	protected final RestClient rest;

	VendorSmsAdapter(ProviderSettings settings, RestClient.Builder rest) {
		this.settings = settings;
		this.rest = rest.build();
	}

	@Override
	public SmsReceipt send(SmsRequest sms) {
		return SmsReceipt.delivered(this.settings.provider().name(), ThirdPartyContext.attempt(),
				post(sms.phone(), sms.text()));
	}

	@Override
	public String sendLater(String id, String phone, String text) {
		return post(phone, text);
	}

	/**
	 * Sends one message in the vendor's API.
	 * @param phone the recipient
	 * @param text the text
	 * @return the vendor's id of the message
	 */
	protected abstract String post(String phone, String text);

}
