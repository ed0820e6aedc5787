package io.paracle.keys.springai;

import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderResolution;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Adjusts Spring AI's connection properties of one provider when a paracle configuration named after it
 * ({@code openai}, {@code anthropic}) supplies the keys of Spring AI's auto-configured model: a placeholder key
 * when {@code spring.ai.<provider>.api-key} is not set (so the SDK client builds; the interceptor replaces it on
 * every request), a WARN when it is (paracle's keys win), and the SDK's retries set to 0 (paracle's
 * {@code max-retries} and key failover are the one retry owner).
 *
 * @param <P> the connection properties type
 * @author paracle-keys
 */
abstract class SpringAiConnectionDefaults<P> implements BeanPostProcessor, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(SpringAiConnectionDefaults.class);

	private final Class<P> propertiesType;

	private final String configuration;

	private final String prefix;

	private BeanFactory beanFactory;

	SpringAiConnectionDefaults(Class<P> propertiesType, String configuration, String prefix) {
		this.propertiesType = propertiesType;
		this.configuration = configuration;
		this.prefix = prefix;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (this.propertiesType.isInstance(bean) && paracleSuppliesKeys()) {
			adjust(this.propertiesType.cast(bean));
		}
		return bean;
	}

	abstract void adjust(P properties);

	final boolean paracleSuppliesKeys() {
		ProviderResolution resolution = this.beanFactory.getBeanProvider(ProviderResolution.class).getIfAvailable();
		ProviderConfiguration active = (resolution != null) ? resolution.active().get(this.configuration) : null;
		return active != null && active.isDefaultConfiguration();
	}

	final void keyAlsoSet(String property) {
		keyAlsoSet(property, this.configuration, this.prefix);
	}

	/**
	 * Log that a Spring AI key property is set while a paracle configuration supplies the keys: the property's
	 * name, never its value.
	 */
	static void keyAlsoSet(String property, String configuration, String models) {
		logger.warn(property + " is set, and paracle configuration '" + configuration
				+ "' supplies the keys of Spring AI's " + models + " models too: paracle's keys win, on every "
				+ "request. Remove " + property + " (paracle.providers." + configuration + ".* holds the keys).");
	}

	final void retriesOff(String property, int configured) {
		logger.warn(property + "=" + configured + " is ignored: paracle retries the requests of Spring AI's "
				+ this.prefix + " models (paracle.providers." + this.configuration
				+ ".max-retries, and the next key after a 429 or 401), so the SDK's retries are off.");
	}

}
