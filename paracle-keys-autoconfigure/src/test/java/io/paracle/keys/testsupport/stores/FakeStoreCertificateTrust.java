package io.paracle.keys.testsupport.stores;

import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Trusts {@link SelfSignedCertificate#shared()} for the whole test JVM, before the first test runs, when the test
 * plan holds a test tagged {@value #TAG}.
 * <p>
 * Reactor Netty (under the Azure SDK) builds its default TLS context once per JVM from the trust store in effect
 * at that moment; a test that talks HTTPS to a fake must therefore be trusted before any other HTTPS call of the
 * JVM, whatever order the tests run in. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}; tests also call
 * {@link #trustForThisJvm()} themselves (it is idempotent), for launchers that ignore listeners.
 */
public final class FakeStoreCertificateTrust implements TestExecutionListener {

	/** Tag of the tests that need the fake certificate trusted. */
	public static final String TAG = "fake-https-store";

	private static boolean trusted;

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		TestTag tag = TestTag.create(TAG);
		for (TestIdentifier root : testPlan.getRoots()) {
			for (TestIdentifier identifier : testPlan.getDescendants(root)) {
				if (identifier.getTags().contains(tag)) {
					trustForThisJvm();
					return;
				}
			}
		}
	}

	/**
	 * Point the JVM trust store at the shared fake certificate (plus the JDK's authorities) for the rest of the
	 * JVM's life.
	 */
	public static synchronized void trustForThisJvm() {
		if (!trusted) {
			// Never closed on purpose: TLS contexts built from now on must keep trusting the fakes.
			TrustStoreOverride.trust(SelfSignedCertificate.shared());
			trusted = true;
		}
	}

}
