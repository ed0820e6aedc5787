package io.paracle.keys.resolve;

/**
 * One thing wrong with the keys of a provider configuration, with what to do about it. Never holds a key.
 *
 * @param provider the provider configuration name
 * @param description what is wrong
 * @param action what to do
 * @author paracle-keys
 */
public record KeyProblem(String provider, String description, String action) {

}
