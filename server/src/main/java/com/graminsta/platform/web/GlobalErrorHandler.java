package com.graminsta.platform.web;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

import com.graminsta.platform.images.InvalidImageException;
import com.graminsta.platform.storage.MediaStorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one mapping from failures to responses. Every error is {@code {"error": "..."}} with the
 * status Mastodon would give; nothing the caller sent ever produces a 500 or a stack trace.
 */
@RestControllerAdvice
class GlobalErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(GlobalErrorHandler.class);
    /** PostgreSQL's states for text it cannot store, such as a NUL character. */
    private static final Set<String> UNSTORABLE_TEXT = Set.of("22021", "22P05");

    @ExceptionHandler
    ResponseEntity<Map<String, String>> apiException(ApiException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return response.body(ApiErrors.body(e.getMessage()));
    }

    /** Method security denied the call: no token at all is a 401, a token without the scope a 403. */
    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<Map<String, String>> outsideScopes(RuntimeException e) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return error(HttpStatus.UNAUTHORIZED, "The access token is invalid");
        }
        return error(HttpStatus.FORBIDDEN, "This action is outside the authorized scopes");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> invalidImage(InvalidImageException e) {
        return error(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    /** An outage of the media store: the client may simply try again, so it is told so, not given a 500. */
    @ExceptionHandler
    ResponseEntity<Map<String, String>> storageUnavailable(MediaStorageUnavailableException e) {
        log.warn("Media storage is unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(ApiErrors.body("Media storage is unavailable; try again in a moment"));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, InvalidParametersException.class})
    ResponseEntity<Map<String, String>> unreadable(Exception e) {
        String message = e instanceof InvalidParametersException invalid ? invalid.getMessage() : "Malformed request body";
        return error(HttpStatus.BAD_REQUEST, message);
    }

    /** Tomcat's answer to a parameter it cannot decode, such as {@code %zz} in a multipart field. */
    @ExceptionHandler
    ResponseEntity<Map<String, String>> undecodableParameter(org.apache.tomcat.util.http.InvalidParameterException e) {
        log.debug("Malformed parameters: {}", e.getMessage());
        return error(HttpStatus.BAD_REQUEST, "Malformed parameters");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> typeMismatch(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "Invalid value for " + e.getName());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> missingParameter(MissingServletRequestParameterException e) {
        return error(HttpStatus.BAD_REQUEST, "Missing parameter " + e.getParameterName());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed");
    }

    /**
     * The client went away from a long response (a streaming API event stream): there is no one
     * to answer, and nothing went wrong.
     */
    @ExceptionHandler
    void clientGone(AsyncRequestNotUsableException e) {
        log.debug("The client of a long response went away: {}", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> noSuchPath(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, "Not found");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> tooLarge(MaxUploadSizeExceededException e) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, "The upload is too large");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> bodyTooLarge(RequestBodyLimits.BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONNECTION, "close").body(ApiErrors.body(e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> badMultipart(MultipartException e) {
        return error(HttpStatus.BAD_REQUEST, "Malformed multipart request");
    }

    /**
     * A unique constraint lost a race that the service's own check could not see coming, or text
     * PostgreSQL cannot store reached it past the checks on parameters.
     */
    @ExceptionHandler
    ResponseEntity<Map<String, String>> conflict(DataIntegrityViolationException e) {
        if (e.getMostSpecificCause() instanceof SQLException sql && UNSTORABLE_TEXT.contains(sql.getSQLState())) {
            log.debug("Unstorable text answered as 422: {}", sql.getMessage());
            return error(HttpStatus.UNPROCESSABLE_CONTENT, ParamsArgumentResolver.NUL_MESSAGE);
        }
        log.debug("Integrity violation answered as 422", e);
        return error(HttpStatus.UNPROCESSABLE_CONTENT, "The request conflicts with existing data");
    }

    /**
     * The client accepts nothing this endpoint writes. Common from scanners, so it is logged
     * briefly; the error is still JSON, the one format errors come in.
     */
    @ExceptionHandler
    ResponseEntity<Map<String, String>> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        log.debug("406 Not Acceptable: {}", e.getMessage());
        return error(HttpStatus.NOT_ACCEPTABLE, "Not acceptable: this endpoint answers in JSON");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> unexpected(Exception e) throws Exception {
        if (e instanceof org.springframework.security.core.AuthenticationException) {
            throw e;
        }
        log.error("Unhandled error", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");
    }

    /**
     * The content type is set here so that no content negotiation happens: an error is JSON even
     * for a client whose Accept header asked for something else.
     */
    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiErrors.body(message));
    }
}
