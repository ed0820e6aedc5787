package io.paracle.keys.resolve;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a key property of {@link ProviderProperties} as {@value #MASK} in JSON, as {@code /actuator/configprops}
 * shows it: the JSON of the properties (in a debug endpoint of the application, a dump, a test report) never
 * holds a key. Binding does not use JSON, so the properties still hold the value.
 *
 * @author paracle-keys
 */
final class KeyMaskingSerializer extends ValueSerializer<Object> {

	static final String MASK = "******";

	@Override
	public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
		generator.writeString(MASK);
	}

}
