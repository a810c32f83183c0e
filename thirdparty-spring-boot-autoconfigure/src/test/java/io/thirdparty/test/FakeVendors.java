package io.thirdparty.test;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that starts {@link FakeVendor}s for a test class and closes them:
 * after each test when registered on an instance field, after all tests when registered
 * on a static field. <pre>
 * &#64;RegisterExtension
 * final FakeVendors vendors = new FakeVendors();
 *
 * private final FakeVendor a = this.vendors.start("provider_a");
 * </pre>
 */
public final class FakeVendors implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private final List<FakeVendor> started = new ArrayList<>();

	private boolean perClass;

	/**
	 * Starts a vendor that the extension closes.
	 * @param name the name it answers with
	 * @return the running vendor
	 */
	public synchronized FakeVendor start(String name) {
		FakeVendor vendor = FakeVendor.start(name);
		this.started.add(vendor);
		return vendor;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// called only for an extension registered on a static field
		this.perClass = true;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (!this.perClass) {
			closeAll();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		closeAll();
	}

	private synchronized void closeAll() {
		IllegalStateException failure = null;
		for (FakeVendor vendor : this.started) {
			try {
				vendor.close();
			}
			catch (IllegalStateException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		this.started.clear();
		if (failure != null) {
			throw failure;
		}
	}

}
