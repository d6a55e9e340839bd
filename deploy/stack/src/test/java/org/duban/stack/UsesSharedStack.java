package org.duban.stack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A system test that runs against the {@link SharedStack}: a {@code @BeforeAll} method may take it as a parameter.
 * Its data must be its own (units, tasks, plan imports), since the other such classes use the same services.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SharedStackExtension.class)
public @interface UsesSharedStack {
}
