package io.paracle.keys.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of one route ({@code paracle.routes.<name>.*}): the provider configurations it tries, in order, and
 * an optional model per member.
 *
 * @author paracle-keys
 */
public class RouteProperties {

	/**
	 * Provider configuration names the route tries, in order (for example openai, azure-openai, anthropic).
	 */
	private List<String> providers = new ArrayList<>();

	/**
	 * Model to ask each member for, by configuration name; a member without one gets the request's model, else
	 * its own default model.
	 */
	private Map<String, String> models = new LinkedHashMap<>();

	/**
	 * Return the provider configuration names, in order.
	 * @return the names
	 */
	public List<String> getProviders() {
		return this.providers;
	}

	/**
	 * Set the provider configuration names, in order.
	 * @param providers the names
	 */
	public void setProviders(List<String> providers) {
		this.providers = providers;
	}

	/**
	 * Return the model of each member, by configuration name.
	 * @return the models
	 */
	public Map<String, String> getModels() {
		return this.models;
	}

	/**
	 * Set the model of each member, by configuration name.
	 * @param models the models
	 */
	public void setModels(Map<String, String> models) {
		this.models = models;
	}

}
