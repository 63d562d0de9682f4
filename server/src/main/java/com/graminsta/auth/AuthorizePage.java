package com.graminsta.auth;

import java.util.Set;

import org.springframework.security.web.csrf.CsrfToken;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

/** The HTML of the sign-in and consent page. Every value from outside is escaped. */
final class AuthorizePage {

    private AuthorizePage() {
    }

    static String form(String instance, OAuthApp app, Set<String> scopes, AuthorizeController.AuthorizationRequest request,
                       CsrfToken csrf, String error) {
        StringBuilder hidden = new StringBuilder();
        hidden(hidden, csrf.getParameterName(), csrf.getToken());
        hidden(hidden, "response_type", request.responseType());
        hidden(hidden, "client_id", request.clientId());
        hidden(hidden, "redirect_uri", request.redirectUri());
        hidden(hidden, "scope", String.join(" ", scopes));
        hidden(hidden, "state", request.state());
        hidden(hidden, "code_challenge", request.codeChallenge());
        hidden(hidden, "code_challenge_method", request.codeChallengeMethod());
        StringBuilder scopeList = new StringBuilder();
        for (String scope : scopes) {
            scopeList.append("<li>").append(htmlEscape(describe(scope))).append("</li>");
        }
        String errorHtml = error == null ? "" : "<p class=\"error\" role=\"alert\">" + htmlEscape(error) + "</p>";
        return layout(instance, "Sign in to " + instance, """
                <h1>Sign in to %s</h1>
                <p><strong>%s</strong> wants to use your account to:</p>
                <ul class="scopes">%s</ul>
                %s
                <form method="post" action="/oauth/authorize">
                  %s
                  <label for="login">Username or email</label>
                  <input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" required maxlength="254" autofocus>
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128">
                  <div class="actions">
                    <button type="submit" name="decision" value="allow">Sign in and authorize</button>
                    <button type="submit" name="decision" value="deny" class="secondary" formnovalidate>Deny</button>
                  </div>
                </form>
                """.formatted(htmlEscape(instance), htmlEscape(app.name()), scopeList, errorHtml, hidden));
    }

    static String outOfBand(String instance, String code) {
        return layout(instance, "Authorization code", """
                <h1>Authorization code</h1>
                <p>Copy this code and paste it into the application:</p>
                <input id="code" aria-label="Authorization code" readonly value="%s">
                """.formatted(htmlEscape(code)));
    }

    static String problem(String instance, String message) {
        return layout(instance, "Cannot authorize", """
                <h1>Cannot authorize</h1>
                <p class="error" role="alert">%s</p>
                """.formatted(htmlEscape(message)));
    }

    private static String describe(String scope) {
        return switch (scope) {
            case "read" -> "read all your account's data";
            case "write" -> "change all your account's data and post for you";
            case "follow" -> "follow, block and mute people for you";
            case "push" -> "receive your push notifications";
            default -> scope;
        };
    }

    private static void hidden(StringBuilder html, String name, String value) {
        if (value != null) {
            html.append("<input type=\"hidden\" name=\"").append(htmlEscape(name))
                    .append("\" value=\"").append(htmlEscape(value)).append("\">");
        }
    }

    private static String layout(String instance, String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <meta name="referrer" content="no-referrer">
                  <title>%s · %s</title>
                  <link rel="stylesheet" href="/oauth/authorize.css">
                </head>
                <body><main>%s</main></body>
                </html>
                """.formatted(htmlEscape(title), htmlEscape(instance), body);
    }
}
