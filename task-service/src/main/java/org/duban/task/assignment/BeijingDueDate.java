package org.duban.task.assignment;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * A due date as people give it: a date alone ({@code 2027-06-30}) is the end of that day in Beijing time
 * (2027-06-30T23:59:59+08:00, the way the importer reads 2021年底); anything else is read as an instant by Jackson's
 * own {@link InstantDeserializer}. Hand-written because Jackson has no "date or date-time" reading: only the
 * date-only case is added here, the rest (and its error, naming the field) stays Jackson's.
 */
public class BeijingDueDate extends JsonDeserializer<Instant> {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            String text = p.getText().strip();
            if (DATE_ONLY.matcher(text).matches()) {
                try {
                    return endOfDay(LocalDate.parse(text));
                } catch (DateTimeParseException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not a date of the calendar");
                }
            }
        }
        return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }

    /** 23:59:59 of the day in Beijing time. */
    public static Instant endOfDay(LocalDate day) {
        return day.atTime(LocalTime.of(23, 59, 59)).atZone(BEIJING).toInstant();
    }
}
