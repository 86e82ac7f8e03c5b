package io.portico.plugins.oauth2introspection;

import java.util.List;

/** Which member of the introspection response names a Portico consumer. */
enum ConsumerBy {
    USERNAME("username"),
    CLIENT_ID("client_id");

    static final List<String> NAMES = List.of(USERNAME.member, CLIENT_ID.member);

    private final String member;

    ConsumerBy(String member) {
        this.member = member;
    }

    static ConsumerBy named(String name) {
        return name == null ? null : name.equals(USERNAME.member) ? USERNAME : CLIENT_ID;
    }
}
