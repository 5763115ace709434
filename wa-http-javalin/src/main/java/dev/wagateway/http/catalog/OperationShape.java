package dev.wagateway.http.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one operation takes (body, query parameters) and answers, for the OpenAPI document.
 *
 * @param bodyMediaTypes the body encodings accepted: JSON, form and multipart wherever a body is read (api.md §1),
 *                       multipart alone for file uploads
 */
public record OperationShape(Optional<Map<String, Object>> body, boolean bodyRequired, List<String> bodyMediaTypes,
                             List<QueryParameter> query, List<ResponseShape> responses) {

    /** Every encoding api.md §1 accepts wherever a body is read. */
    public static final List<String> ANY_BODY = List.of("application/json", "application/x-www-form-urlencoded",
            "multipart/form-data");

    /** A query parameter. */
    public record QueryParameter(String name, Map<String, Object> schema, boolean required, String description) {
    }

    public OperationShape {
        bodyMediaTypes = List.copyOf(bodyMediaTypes);
        query = List.copyOf(query);
        responses = List.copyOf(responses);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a shape step by step. */
    public static final class Builder {

        private Map<String, Object> body;
        private boolean bodyRequired;
        private List<String> mediaTypes = ANY_BODY;
        private final List<QueryParameter> query = new ArrayList<>();
        private final List<ResponseShape> responses = new ArrayList<>();

        private Builder() {
        }

        /** The body's schema (with an {@code example}); required when the route refuses an unparsable body. */
        public Builder body(Map<String, Object> schema, Map<String, Object> example, boolean required) {
            Map<String, Object> withExample = new LinkedHashMap<>(schema);
            withExample.put("example", example);
            this.body = withExample;
            this.bodyRequired = required;
            return this;
        }

        /** The body is a multipart upload only. */
        public Builder multipartOnly() {
            this.mediaTypes = List.of("multipart/form-data");
            return this;
        }

        public Builder query(String name, Map<String, Object> schema, boolean required, String description) {
            query.add(new QueryParameter(name, schema, required, description));
            return this;
        }

        /** The envelope with {@code data} (null for none) and this message. */
        public Builder envelope(int status, String message, Map<String, Object> data) {
            responses.add(new ResponseShape.Envelope(status, List.of(message), Optional.ofNullable(data),
                    data != null, Map.of()));
            return this;
        }

        /** The envelope with {@code data} and mirrors of some of it at the top level. */
        public Builder envelope(int status, String message, Map<String, Object> data,
                                Map<String, Map<String, Object>> mirrors) {
            responses.add(new ResponseShape.Envelope(status, List.of(message), Optional.of(data), true,
                    new LinkedHashMap<>(mirrors)));
            return this;
        }

        /** The envelope with one of several messages; {@code data} is present with the first only. */
        public Builder envelopeOneOf(int status, List<String> messages, Map<String, Object> data) {
            responses.add(new ResponseShape.Envelope(status, messages, Optional.of(data), false, Map.of()));
            return this;
        }

        /** An error answer worth naming beyond the usual ones (the envelope with {@code status}). */
        public Builder error(int status, String description) {
            responses.add(new ResponseShape.Raw(status, "application/json", description, Optional.empty()));
            return this;
        }

        public Builder raw(int status, String mediaType, String description, Map<String, Object> schema) {
            responses.add(new ResponseShape.Raw(status, mediaType, description, Optional.ofNullable(schema)));
            return this;
        }

        public OperationShape build() {
            return new OperationShape(Optional.ofNullable(body), bodyRequired, mediaTypes, query, responses);
        }
    }
}
