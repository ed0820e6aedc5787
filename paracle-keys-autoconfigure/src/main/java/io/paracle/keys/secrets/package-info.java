/**
 * Secret stores ({@code paracle.secrets.backend}): importing HashiCorp Vault, AWS Secrets Manager or Azure Key
 * Vault through the Spring Cloud libraries, switching the other stores off, re-reading the store (a
 * {@code KeySourceReload} of {@code io.paracle.keys.refresh}), and reporting when the store is unreachable.
 */
@NullMarked
package io.paracle.keys.secrets;

import org.jspecify.annotations.NullMarked;
