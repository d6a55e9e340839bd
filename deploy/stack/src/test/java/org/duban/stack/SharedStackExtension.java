package org.duban.stack;

import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the {@link SharedStack} to the classes annotated {@link UsesSharedStack}. The stack lives in the root
 * context's store, so JUnit closes it at the end of the run at the latest (an {@link AutoCloseable} stored there is
 * closed with its context). When the run is ordered by {@link SharedStackFirst} (failsafe's configuration in
 * deploy/stack's pom), the sharing classes run one after another first and the stack is stopped as soon as the last
 * of them is done, so it does not idle beside FaultSuiteIT's and the browser tests' own stacks.
 */
public final class SharedStackExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);
    /** Sharing classes of this run not finished yet; -1 when unknown (no {@link SharedStackFirst}: closed at the end). */
    private static final AtomicInteger PENDING = new AtomicInteger(-1);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (PENDING.get() > 0 && PENDING.decrementAndGet() == 0) {
            SharedStack stack = context.getRoot().getStore(NAMESPACE).remove(SharedStack.class, SharedStack.class);
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SharedStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    private static SharedStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(SharedStack.class, k -> SharedStack.start(), SharedStack.class);
    }

    /**
     * The class order of deploy/stack's integration tests ({@code junit.jupiter.testclass.order.default}): the classes
     * that use the shared stack first, by name, then the others by name. It counts the sharing classes of the run, so
     * the extension knows which one is the last. {@code -Dduban.shared-stack.reverse=true} runs the sharing classes in
     * reverse order.
     */
    public static final class SharedStackFirst implements ClassOrderer {

        @Override
        public void orderClasses(ClassOrdererContext context) {
            Comparator<ClassDescriptor> byName = Comparator.comparing(d -> d.getTestClass().getName());
            // -Dduban.shared-stack.reverse=true: the sharing classes in reverse order, to see that the order does not matter
            Comparator<ClassDescriptor> sharing = Boolean.getBoolean("duban.shared-stack.reverse") ? byName.reversed() : byName;
            context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor d) -> !shares(d))
                    .thenComparing((a, b) -> shares(a) && shares(b) ? sharing.compare(a, b) : byName.compare(a, b)));
            PENDING.set((int) context.getClassDescriptors().stream().filter(SharedStackFirst::shares).count());
        }

        private static boolean shares(ClassDescriptor d) {
            return d.isAnnotated(UsesSharedStack.class);
        }
    }
}
