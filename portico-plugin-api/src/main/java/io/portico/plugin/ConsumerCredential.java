package io.portico.plugin;

/** A credential together with the consumer it identifies. */
public record ConsumerCredential<K extends Credential>(Consumer consumer, K credential) {}
