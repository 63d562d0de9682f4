package com.graminsta.platform.database;

/**
 * For the rare request that writes for an account it was not called by: sign-up makes an account
 * and its first token in an anonymous request. Naming the account makes that account's next
 * requests read the new rows back, as they do after their own writes. Everything else is
 * automatic: a signed-in caller's writes are noted for the caller.
 */
public final class ReadYourWrites {

    private ReadYourWrites() {
    }

    /** The writes of the rest of this request are {@code accountId}'s. */
    public static void writesFor(long accountId) {
        ReadRouting.writesFor(accountId);
    }
}
