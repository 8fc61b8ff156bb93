package dev.estimator.catalog.domain;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Small lists stored as JSON text. They are always read with their row and never queried by
 * element (modality filtering uses {@link Model#modalityIndex}), so a join table would add nothing.
 */
public final class JsonTextConverters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonTextConverters() {
    }

    static <T> String write(T value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static <T> T read(String text, TypeReference<T> type) {
        try {
            return text == null ? null : JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Converter
    public static class StringList implements AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return write(value);
        }

        @Override
        public List<String> convertToEntityAttribute(String text) {
            return read(text, new TypeReference<List<String>>() {
            });
        }
    }

    @Converter
    public static class ComponentList implements AttributeConverter<List<ModelComponent>, String> {
        @Override
        public String convertToDatabaseColumn(List<ModelComponent> value) {
            return write(value);
        }

        @Override
        public List<ModelComponent> convertToEntityAttribute(String text) {
            return read(text, new TypeReference<List<ModelComponent>>() {
            });
        }
    }
}
