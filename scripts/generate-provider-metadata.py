#!/usr/bin/env python3
"""Writes additional-spring-configuration-metadata.json for paracle-keys.

The configuration processor cannot describe the values of the map paracle.providers.<name>.*, so IDEs would not
complete paracle.providers.openai.api-key. This script reads the javadoc of ProviderProperties and writes one
entry per catalog id and property that applies to it (the Azure and Bedrock extras only for those ids), plus value
hints for the provider ids and paracle.http.client. Run it after changing the
Provider properties or the catalog; AdditionalMetadataTests fails when the file is out of date.

    python3 scripts/generate-provider-metadata.py
"""
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
module = root / "paracle-keys-autoconfigure"
props = (module / "src/main/java/io/paracle/keys/resolve/ProviderProperties.java").read_text()
catalog = (module / "src/main/java/io/paracle/keys/catalog/ProviderCatalog.java").read_text()

provider_block = props[props.index("public class ProviderProperties {"):]
provider_block = provider_block[:provider_block.index("\tpublic static class RateLimit {")]
fields = re.findall(r"/\*\*\s*(.*?)\s*\*/\s*private\s+(?:final\s+)?([\w<>@ .,]+?)\s+(\w+)(?:\s*=\s*([^;]+))?;",
                    provider_block, re.S)

constants = dict(re.findall(r'public static final String (\w+) = "([\w-]+)";', catalog))
entries = re.findall(r'(?:openAiCompatible\(|new ProviderDescriptor\()\s*("[\w-]+"|\w+),\s*"([^"]+)"', catalog)
ids = [(constants.get(i, i.strip('"')), name) for i, name in entries]

JAVA_TYPES = {"String": "java.lang.String", "Boolean": "java.lang.Boolean", "boolean": "java.lang.Boolean", "Duration": "java.time.Duration",
              "int": "java.lang.Integer", "Integer": "java.lang.Integer", "Long": "java.lang.Long",
              "LocalDate": "java.time.LocalDate", "List<String>": "java.util.List<java.lang.String>"}


def kebab(name):
    return re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def default(raw):
    if raw is None:
        return None
    if re.fullmatch(r"\d+", raw.strip()):
        return int(raw.strip())
    match = re.match(r"Duration\.of(Seconds|Minutes|Millis)\((\d+)\)", raw.strip())
    if match:
        unit = {"Seconds": "s", "Minutes": "m", "Millis": "ms"}[match.group(1)]
        return match.group(2) + unit
    return None


def nested_fields(class_name):
    start = props.index(f"public static class {class_name} {{")
    block = props[start:]
    block = block[:block.index("\n\t}\n")]
    return re.findall(r"/\*\*\s*(.*?)\s*\*/\s*private\s+(?:final\s+)?([\w<>@ .,]+?)\s+(\w+)(?:\s*=\s*([^;]+))?;",
                      block, re.S)


def entry(name, display, doc, java_type, raw_default, source_type):
    java_type = re.sub(r"@Nullable\s+", "", java_type).strip()
    description = " ".join(line.strip().lstrip("*").strip() for line in doc.splitlines()).strip()
    result = {
        "name": name,
        "type": JAVA_TYPES.get(java_type, java_type),
        "description": f"{display}: {description}",
        "sourceType": "io.paracle.keys.resolve.ProviderProperties" + (f"${source_type}" if source_type else ""),
    }
    value = default(raw_default)
    if value is not None:
        result["defaultValue"] = value
    return result


# Properties that apply to one provider type only; every other property applies to every type.
ONLY_FOR = {"endpoint": "azure-openai", "apiVersion": "azure-openai", "deployment": "azure-openai",
            "region": "bedrock", "accessKeyId": "bedrock", "secretAccessKey": "bedrock"}
# Properties a type does not take (Bedrock signs with an AWS access key pair, not an API key).
NOT_FOR = {"apiKey": "bedrock", "apiKeys": "bedrock", "apiKeyFile": "bedrock"}


def applies(field, provider_id):
    return ONLY_FOR.get(field, provider_id) == provider_id and NOT_FOR.get(field) != provider_id


groups = {"rateLimit": ("RateLimit", nested_fields("RateLimit")), "budget": ("Budget", nested_fields("Budget"))}

properties = []
for provider_id, display in ids:
    for group, (source_type, group_fields) in groups.items():
        for doc, java_type, field, raw_default in group_fields:
            properties.append(entry(f"paracle.providers.{provider_id}.{kebab(group)}.{kebab(field)}", display, doc,
                                    java_type, raw_default, source_type))
for provider_id, display in ids:
    for doc, java_type, field, raw_default in fields:
        if field not in groups and applies(field, provider_id):
            properties.append(entry(f"paracle.providers.{provider_id}.{kebab(field)}", display, doc, java_type,
                                    raw_default, None))

id_values = [{"value": provider_id, "description": display} for provider_id, display in ids]
hints = [
    {"name": "paracle.providers.keys", "values": id_values},
]
for provider_id, _ in ids:
    hints.append({"name": f"paracle.providers.{provider_id}.type", "values": id_values})
hints.append({"name": "paracle.providers.values.type", "values": id_values})
# the enum's values with what each means; its default depends on the class path, so the metadata has none
hints.append({"name": "paracle.http.client", "values": [
    {"value": "direct", "description": "Apache HttpClient 5 called without RestClient; customized with "
                                       "LlmProviderHttpClientCustomizer beans. The default when HttpClient 5 is on "
                                       "the class path and no LlmProviderRestClientCustomizer bean exists."},
    {"value": "rest-client", "description": "A Spring RestClient per provider from Boot's RestClient.Builder, with "
                                            "RestClientCustomizer and LlmProviderRestClientCustomizer beans and the "
                                            "http.client.requests observation. The default otherwise."},
]})

# read from the Environment before any bean exists (ParacleChatModelRegistrar), so no class binds them
properties.append({"name": "paracle.spring-ai.chat-models.enabled", "type": "java.lang.Boolean",
                   "description": "Whether to register a Spring AI chat model bean (OpenAiChatModel, "
                                  "AnthropicChatModel) for each paracle configuration, qualified with its name.",
                   "defaultValue": True})
properties.append({"name": "paracle.spring-ai.chat-models.primary", "type": "java.lang.String",
                   "description": "Configuration whose Spring AI chat model is primary (the one ChatClient.Builder "
                                  "gets). Default: none when Spring AI auto-configured a chat model of its own, else "
                                  "the first configuration named after its provider type, else the first one."})

target = module / "src/main/resources/META-INF/additional-spring-configuration-metadata.json"
target.write_text(json.dumps({"properties": properties, "hints": hints}, indent=2) + "\n")
print(f"wrote {len(properties)} properties and {len(hints)} hints to {target.relative_to(root)}")
