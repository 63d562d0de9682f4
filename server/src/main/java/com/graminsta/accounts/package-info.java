/**
 * Accounts: public profiles and the sign-in records behind them, registration rules, and the
 * Mastodon {@code Account} entity every other feature renders.
 */
package com.graminsta.accounts;
