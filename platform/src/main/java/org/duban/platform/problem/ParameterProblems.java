package org.duban.platform.problem;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * In every service, a malformed UUID, enum, boolean or whole number in a path or query parameter is a 400 problem
 * naming the parameter. JAX-RS answers a path or query parameter it cannot convert with a bare 404 (the spec's rule, which reads
 * to a client as "no such assignment" for {@code /api/assignments/abc}), and a {@code Boolean} of any other text is
 * silently false. Hand-written because neither RESTEasy Reactive nor the platform's problem mappers name the
 * parameter; a converter's own exception, unless a {@code WebApplicationException}, is replaced by that 404, so the
 * problem travels inside {@link Refused} and {@link #refused} answers it.
 */
@Provider
public class ParameterProblems implements ParamConverterProvider {

    /** A parameter refused: the 400 problem naming it. */
    public static final class Refused extends BadRequestException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        Refused(Problem problem) {
            super(problem.getMessage());
            this.problem = problem;
        }
    }

    @ServerExceptionMapper
    public Response refused(Refused e, UriInfo uri) {
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(e.problem.body(uri == null ? null : uri.getPath()))
                .build();
    }

    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = nameOf(annotations);
        if (name == null) {
            return null;
        }
        if (rawType == UUID.class) {
            return (ParamConverter<T>) new Converter<UUID>(name, "a UUID such as 3f2c9a64-1b7e-4c1a-9d7e-2a5b6c8d9e01", true) {
                @Override
                UUID read(String value) {
                    // UUID.fromString also takes "1-2-3-4-5"; only the canonical 36-character form is an id here
                    if (value.length() != 36) {
                        throw new IllegalArgumentException(value);
                    }
                    return UUID.fromString(value);
                }
            };
        }
        if (rawType == Boolean.class) {
            return (ParamConverter<T>) new Converter<Boolean>(name, "true or false", true) {
                @Override
                Boolean read(String value) {
                    return switch (value.toLowerCase(Locale.ROOT)) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> throw new IllegalArgumentException(value);
                    };
                }
            };
        }
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) new Converter<Integer>(name, "a whole number", rawType == Integer.class) {
                @Override
                Integer read(String value) {
                    return Integer.valueOf(value); // NumberFormatException is an IllegalArgumentException
                }
            };
        }
        if (rawType.isEnum()) {
            Class<? extends Enum> type = (Class<? extends Enum>) rawType;
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            return (ParamConverter<T>) new Converter<Enum>(name, "one of " + allowed, true) {
                @Override
                Enum read(String value) {
                    return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
                }
            };
        }
        return null;
    }

    private static String nameOf(Annotation[] annotations) {
        if (annotations == null) {
            return null;
        }
        for (Annotation a : annotations) {
            if (a instanceof PathParam p) {
                return p.value();
            }
            if (a instanceof QueryParam q) {
                return q.value();
            }
        }
        return null;
    }

    private abstract static class Converter<V> implements ParamConverter<V> {
        private final String name;
        private final String expected;
        /** An empty value is absent (null); not for a primitive, which cannot be. */
        private final boolean emptyIsAbsent;

        Converter(String name, String expected, boolean emptyIsAbsent) {
            this.name = name;
            this.expected = expected;
            this.emptyIsAbsent = emptyIsAbsent;
        }

        abstract V read(String value);

        @Override
        public V fromString(String value) {
            String text = value == null ? "" : value.strip();
            if (text.isEmpty() && emptyIsAbsent) {
                return null;
            }
            try {
                return read(text);
            } catch (IllegalArgumentException e) {
                throw new Refused(Problem.invalidField(name, "must be " + expected));
            }
        }

        @Override
        public String toString(V value) {
            return value == null ? null : value instanceof Enum<?> e ? e.name() : value.toString();
        }
    }
}
