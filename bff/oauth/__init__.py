"""OAuth2 conventions over the BFF's own sign-in: the token endpoint (RFC 6749) and the discovery documents."""
