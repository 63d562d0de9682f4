package com.graminsta.platform.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reads {@link Params} arguments; see there for the formats it accepts. */
class ParamsArgumentResolver implements HandlerMethodArgumentResolver {

    static final String NUL_MESSAGE = "Validation failed: text must not contain NUL characters";

    private final JsonMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule()
                    .addDeserializer(Boolean.class, new LenientBoolean())
                    .addDeserializer(boolean.class, new LenientBoolean()))
            .build();

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(Params.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) throws IOException {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        ObjectNode tree = fromParameters(request.getParameterMap());
        if (isJson(request)) {
            JsonNode body = readBody(request);
            if (body != null) {
                if (!body.isObject()) {
                    throw new InvalidParametersException("The request body must be a JSON object");
                }
                tree.setAll((ObjectNode) body);
            }
        }
        if (containsNul(tree)) {
            // PostgreSQL cannot store U+0000 in text; no field of the API needs it.
            throw ApiException.unprocessable(NUL_MESSAGE);
        }
        try {
            return mapper.treeToValue(tree, parameter.getParameterType());
        } catch (DatabindException e) {
            throw new InvalidParametersException(describe(e));
        }
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isString()) {
            return node.asString().indexOf('\u0000') >= 0;
        }
        if (node.isObject()) {
            for (var entry : node.properties()) {
                if (entry.getKey().indexOf('\u0000') >= 0 || containsNul(entry.getValue())) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode child : node) {
            if (containsNul(child)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode readBody(HttpServletRequest request) throws IOException {
        PushbackInputStream in = new PushbackInputStream(request.getInputStream());
        int first = in.read();
        if (first == -1) {
            return null;
        }
        in.unread(first);
        try (InputStream body = in) {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof RequestBodyLimits.BodyTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            throw new InvalidParametersException("Malformed JSON in the request body");
        }
    }

    private static boolean isJson(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Turns {@code a=1&tags[]=x&tags[]=y&fields[0][name]=n} into
     * {@code {"a":"1","tags":["x","y"],"fields":{"0":{"name":"n"}}}}.
     */
    static ObjectNode fromParameters(Map<String, String[]> parameters) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        parameters.forEach((key, values) -> {
            List<String> path = parseKey(key);
            if (path == null) {
                throw new InvalidParametersException("Malformed parameter name " + key);
            }
            for (String value : values) {
                put(root, path, value);
            }
        });
        return root;
    }

    private static void put(ObjectNode root, List<String> path, String value) {
        JsonNode node = root;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            boolean nextIsArray = !last && path.get(i + 1).isEmpty();
            if (node instanceof ArrayNode array) {
                if (last) {
                    array.add(value);
                    return;
                }
                node = array.addObject();
                continue;
            }
            ObjectNode object = (ObjectNode) node;
            if (last) {
                object.put(segment, value);
                return;
            }
            JsonNode child = object.get(segment);
            if (nextIsArray && !(child instanceof ArrayNode)) {
                child = object.putArray(segment);
            } else if (!nextIsArray && !(child instanceof ObjectNode)) {
                child = object.putObject(segment);
            }
            node = child;
        }
    }

    /** {@code a[b][]} becomes [a, b, ""]; null when the brackets do not balance. */
    static List<String> parseKey(String key) {
        int open = key.indexOf('[');
        List<String> path = new ArrayList<>();
        if (open < 0) {
            path.add(key);
            return key.isEmpty() ? null : path;
        }
        if (open == 0) {
            return null;
        }
        path.add(key.substring(0, open));
        int at = open;
        while (at < key.length()) {
            if (key.charAt(at) != '[') {
                return null;
            }
            int close = key.indexOf(']', at);
            if (close < 0) {
                return null;
            }
            path.add(key.substring(at + 1, close));
            at = close + 1;
        }
        for (int i = 1; i < path.size() - 1; i++) {
            if (path.get(i).isEmpty()) {
                return null;
            }
        }
        return path;
    }

    private static String describe(DatabindException e) {
        StringBuilder field = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            }
        }
        return field.isEmpty() ? "Invalid parameters" : "Invalid value for " + field;
    }

    /** Rails reads "1", "t", "on" and "true" as true; Mastodon clients rely on it. */
    private static final class LenientBoolean extends ValueDeserializer<Boolean> {

        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext context) {
            return switch (parser.currentToken()) {
                case VALUE_TRUE -> true;
                case VALUE_FALSE -> false;
                case VALUE_NUMBER_INT -> parser.getIntValue() != 0;
                case VALUE_STRING -> switch (parser.getString().trim().toLowerCase()) {
                    case "1", "t", "true", "on", "yes" -> true;
                    case "0", "f", "false", "off", "no", "" -> false;
                    default -> (Boolean) context.handleWeirdStringValue(Boolean.class, parser.getString(), "not a boolean");
                };
                default -> (Boolean) context.handleUnexpectedToken(Boolean.class, parser);
            };
        }
    }
}
