package io.paracle.keys.testsupport;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The test class path without the entries of an optional library, for a class loader in which that library is
 * absent.
 */
public final class IsolatedClassPath {

	private IsolatedClassPath() {
	}

	/**
	 * Return the test class path without every entry whose path contains a fragment.
	 * @param pathFragment e.g. {@code software/amazon/awssdk} (with {@code /} for the separator)
	 * @return the remaining entries
	 * @throws MalformedURLException never for entries of a real class path
	 */
	public static URL[] without(String pathFragment) throws MalformedURLException {
		String fragment = pathFragment.replace('/', File.separatorChar);
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			if (!entry.contains(fragment)) {
				urls.add(new File(entry).toURI().toURL());
			}
		}
		return urls.toArray(URL[]::new);
	}

}
