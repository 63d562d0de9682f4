package com.graminsta.accounts;

/**
 * An account went from locked to unlocked. Published in the transaction that unlocks it, so
 * listeners that act on it (the pending follow requests are all let in) commit with it.
 */
public record AccountUnlocked(long accountId) {
}
