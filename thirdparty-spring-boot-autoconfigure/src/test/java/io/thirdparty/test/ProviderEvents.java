package io.thirdparty.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;

import io.thirdparty.provider.ProviderFailoverEvent;
import io.thirdparty.provider.ProviderStateChangedEvent;
import io.thirdparty.provider.ProviderStateChangedEvent.Change;

/**
 * A bean recording the provider events the application publishes, the way a user's
 * alerting listener would receive them.
 */
public class ProviderEvents {

	private final List<ProviderStateChangedEvent> changes = new CopyOnWriteArrayList<>();

	private final List<ProviderFailoverEvent> failovers = new CopyOnWriteArrayList<>();

	@EventListener
	void changed(ProviderStateChangedEvent event) {
		this.changes.add(event);
	}

	@EventListener
	void failedOver(ProviderFailoverEvent event) {
		this.failovers.add(event);
	}

	/**
	 * Returns the changes seen so far, as {@code <provider> <CHANGE>} strings.
	 * @return the changes, in order
	 */
	public List<String> changes() {
		return this.changes.stream().map((event) -> event.getProvider().name() + " " + event.getChange()).toList();
	}

	public List<ProviderStateChangedEvent> changeEvents() {
		return List.copyOf(this.changes);
	}

	public boolean saw(String provider, Change change) {
		return changes().contains(provider + " " + change);
	}

	public List<ProviderFailoverEvent> failovers() {
		return List.copyOf(this.failovers);
	}

}
