package io.portico.plugins.jwt;

import com.nimbusds.jose.JWSHeader;
import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Credential;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured {@code jwt} plugin: find the token, verify it (or find it in the cache of verified
 * tokens), name the consumer, send claims upstream. With a JWKS, a token that names a key not known
 * yet waits (without blocking) for the key set to be fetched, then is decided on the event loop.
 *
 * <p>Runs on event loops; shared by every request of the routes it applies to; its state (credential
 * index, caches, key set) is immutable or thread-safe.
 */
final class JwtPlugin implements Plugin {

    static final String CHALLENGE = "Bearer realm=\"portico\"";
    static final String INVALID_TOKEN_CHALLENGE = "Bearer realm=\"portico\", error=\"invalid_token\"";

    private static final Logger log = LoggerFactory.getLogger(JwtPlugin.class);
    private static final Map<Rejection, Action.Respond> ANSWERS = answers();

    private final JwtConfig config;
    private final PluginContext context;
    private final TokenLocations locations;
    private final TokenVerifier verifier;
    private final ClaimHeaders claimHeaders;
    private final Map<String, ConsumerCredential<JwtCredential>> credentials;
    private final JwksSource jwks;
    private final Consumer anonymous;
    private final VerifiedTokens verified;

    /** @param jwks the identity provider's keys; null to verify with consumer credentials */
    JwtPlugin(JwtConfig config, PluginContext context, JwksSource jwks) {
        this.config = config;
        this.context = context;
        this.locations = new TokenLocations(config.headerNames(), config.uriParamNames(), config.cookieNames());
        this.verifier = new TokenVerifier(config, context.clock());
        this.claimHeaders = new ClaimHeaders(config.claimsToHeaders());
        this.credentials = new HashMap<>();
        for (ConsumerCredential<JwtCredential> entry : context.credentials(JwtCredential.class)) {
            credentials.put(entry.credential().key(), entry);
        }
        this.jwks = jwks;
        this.anonymous = config.anonymous() == null ? null : context.consumer(config.anonymous());
        this.verified = new VerifiedTokens(context.clock());
    }

    @Override
    public Action authenticate(HttpExchange exchange) {
        claimHeaders.clear(exchange.requestHeaders());
        if (anonymous != null && exchange.authenticated()) {
            return Action.proceed(); // another plugin identified the caller: credentials are alternatives
        }
        Presented presented = locations.find(exchange);
        if (presented instanceof Presented.Several) {
            return refuse(exchange, Rejection.SEVERAL);
        }
        if (!(presented instanceof Presented.One one)) {
            return refuse(exchange, Rejection.MISSING);
        }
        if (one.token().length() > config.maxTokenBytes()) {
            return refuse(exchange, Rejection.TOO_LARGE); // before any parsing
        }
        ByteBuffer key = VerifiedTokens.key(one.token());
        VerifiedToken token = verified.get(key);
        if (token == null && jwks != null) {
            CompletableFuture<Void> fetch = keysFetchFor(one.token());
            if (fetch != null) {
                // Waits without blocking for the key set; whatever the fetch did, the keys known then decide.
                return Action.await(fetch.handle((ignored, error) -> null), ignored -> accept(exchange, one, key, null));
            }
        }
        return accept(exchange, one, key, token);
    }

    /** The fetch to wait for when the token names a key not known yet; null when none is needed or allowed. */
    private CompletableFuture<Void> keysFetchFor(String token) {
        JWSHeader header = ParsedToken.peekHeader(token);
        if (header == null || !ParsedToken.acceptable(header)) {
            return null; // refused anyway: not worth a fetch
        }
        JwksKeys keys = jwks.keys();
        if (keys.loaded() && keys.knows(header.getKeyID())) {
            jwks.refreshIfStale();
            return null;
        }
        return jwks.refresh(); // null when fetched recently: an unknown kid stays unknown until the interval ends
    }

    /** Verifies (unless cached), then names the consumer and sends claims upstream. On the event loop. */
    private Action accept(HttpExchange exchange, Presented.One one, ByteBuffer key, VerifiedToken cached) {
        VerifiedToken token = cached;
        if (token == null) {
            try {
                token = verify(one.token());
            } catch (Refused refused) {
                return refuse(exchange, refused.rejection());
            }
            verified.put(key, token);
        }
        if (token.consumer() != null) {
            exchange.authenticate(token.consumer(), token.credential());
        }
        claimHeaders.apply(exchange.requestHeaders(), token.headerValues());
        if (config.hideCredentials()) {
            locations.hide(exchange, one);
        }
        return Action.proceed();
    }

    private VerifiedToken verify(String token) throws Refused {
        ParsedToken parsed = ParsedToken.parse(token);
        Consumer consumer = null;
        Credential credential = null;
        if (jwks == null) {
            ConsumerCredential<JwtCredential> owner = credentials.get(keyClaim(parsed));
            if (owner == null) {
                throw new Refused(Rejection.UNKNOWN_KEY);
            }
            verifier.check(parsed, owner.credential().verificationKey());
            consumer = owner.consumer();
            credential = owner.credential();
        } else {
            jwks.refreshIfStale();
            JWSHeader header = parsed.jws().getHeader();
            VerificationKey verificationKey = jwks.keys().find(header.getKeyID(), header.getAlgorithm());
            if (verificationKey == null) {
                throw new Refused(Rejection.UNKNOWN_KEY);
            }
            verifier.check(parsed, verificationKey);
            if (config.consumerClaim() != null) {
                String username = parsed.stringClaim(config.consumerClaim());
                consumer = username == null ? null : context.consumer(username);
                if (consumer == null) {
                    throw new Refused(Rejection.UNKNOWN_CONSUMER);
                }
                credential = JwksIdentity.of(parsed.claimSet().getIssuer());
            }
        }
        return new VerifiedToken(consumer, credential, claimHeaders.values(parsed.claims()),
                verified.validUntil(TokenVerifier.expiresAtMillis(parsed)));
    }

    /** The value that finds the credential: a payload claim, else a header parameter (as Kong). */
    private String keyClaim(ParsedToken parsed) {
        String value = parsed.stringClaim(config.keyClaimName());
        if (value != null) {
            return value;
        }
        return parsed.jws().getHeader().toJSONObject().get(config.keyClaimName()) instanceof String header
                ? header : null;
    }

    private Action refuse(HttpExchange exchange, Rejection rejection) {
        if (log.isDebugEnabled()) {
            log.debug("jwt: request {} on route {} refused: {}", exchange.requestId(), exchange.routeName(),
                    rejection);
        }
        return Action.refuseOrAnonymous(exchange, anonymous, ANSWERS.get(rejection));
    }

    /** One canned answer per reason: the JSON body and challenge never vary with the request. */
    private static Map<Rejection, Action.Respond> answers() {
        Map<Rejection, Action.Respond> answers = new EnumMap<>(Rejection.class);
        for (Rejection rejection : Rejection.values()) {
            answers.put(rejection, Action.unauthorized(
                    rejection.tokenPresented() ? INVALID_TOKEN_CHALLENGE : CHALLENGE, rejection.message()));
        }
        return answers;
    }

    /** For tests: how many verified tokens are cached. */
    long cachedTokens() {
        return verified.size();
    }
}
