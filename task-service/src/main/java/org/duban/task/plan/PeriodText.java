package org.duban.task.plan;

import java.time.Period;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Period} as its ISO-8601 text ({@code P3M}), readable in the database. */
@Converter(autoApply = true)
public class PeriodText implements AttributeConverter<Period, String> {
    @Override
    public String convertToDatabaseColumn(Period period) {
        return period == null ? null : period.toString();
    }

    @Override
    public Period convertToEntityAttribute(String text) {
        return text == null ? null : Period.parse(text);
    }
}
