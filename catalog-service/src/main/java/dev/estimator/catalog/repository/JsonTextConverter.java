package dev.estimator.catalog.repository;

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
public abstract class JsonTextConverter<T> implements AttributeConverter<T, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TypeReference<T> type;

    protected JsonTextConverter(TypeReference<T> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public T convertToEntityAttribute(String text) {
        try {
            return text == null ? null : JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Converter
    public static class StringList extends JsonTextConverter<List<String>> {
        public StringList() {
            super(new TypeReference<>() {
            });
        }
    }

    @Converter
    public static class ComponentList extends JsonTextConverter<List<ModelComponent>> {
        public ComponentList() {
            super(new TypeReference<>() {
            });
        }
    }

    @Converter
    public static class Recipe extends JsonTextConverter<TrainingRecipe> {
        public Recipe() {
            super(new TypeReference<>() {
            });
        }
    }
}
