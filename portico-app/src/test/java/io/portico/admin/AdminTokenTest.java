package io.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.admin.AdminToken.Verdict;
import org.junit.jupiter.api.Test;

class AdminTokenTest {

    private final AdminToken token = AdminToken.of("s3cret-admin-token");

    @Test
    void acceptsTheBearerTokenWithTheSchemeInAnyCase() {
        assertThat(token.check("Bearer s3cret-admin-token")).isEqualTo(Verdict.ACCEPTED);
        assertThat(token.check("bearer s3cret-admin-token")).isEqualTo(Verdict.ACCEPTED);
        assertThat(token.check("BEARER   s3cret-admin-token ")).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void rejectsAnyOtherValue() {
        assertThat(token.check("Bearer s3cret-admin-toke")).isEqualTo(Verdict.INVALID);
        assertThat(token.check("Bearer s3cret-admin-token2")).isEqualTo(Verdict.INVALID);
        assertThat(token.check("Bearer S3CRET-ADMIN-TOKEN")).isEqualTo(Verdict.INVALID);
        assertThat(token.check("Basic s3cret-admin-token")).isEqualTo(Verdict.INVALID);
        assertThat(token.check("s3cret-admin-token")).isEqualTo(Verdict.INVALID);
        assertThat(token.check("Bearer")).isEqualTo(Verdict.INVALID);
        assertThat(token.check("Bearer ")).isEqualTo(Verdict.INVALID);
    }

    @Test
    void reportsAMissingHeaderAsMissing() {
        assertThat(token.check(null)).isEqualTo(Verdict.MISSING);
        assertThat(token.check("  ")).isEqualTo(Verdict.MISSING);
    }

    @Test
    void withoutAConfiguredTokenEveryRequestIsAccepted() {
        AdminToken none = AdminToken.of(null);

        assertThat(none.required()).isFalse();
        assertThat(none.check(null)).isEqualTo(Verdict.ACCEPTED);
        assertThat(none.check("Bearer anything")).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(token.toString()).isEqualTo("AdminToken[required]").doesNotContain("s3cret");
    }
}
