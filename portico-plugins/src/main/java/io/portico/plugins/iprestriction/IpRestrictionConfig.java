package io.portico.plugins.iprestriction;

/**
 * The {@code ip-restriction} config.
 *
 * @param allow   when not empty, only these clients pass
 * @param deny    these clients never pass, even when also allowed
 * @param status  the status of the rejection
 * @param message the message of the rejection
 */
record IpRestrictionConfig(AddressBlocks allow, AddressBlocks deny, int status, String message) {}
