package dev.jgu.adapters.servlet.webapp;

import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ErrorPageDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterMappingDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletMappingDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Folds one descriptor into another where the first one wins (Servlet spec 8.2.3): web.xml over
 * its fragments, fragments (in their order) over later fragments, all of them over annotations.
 */
final class DescriptorMerge {

    private DescriptorMerge() {
    }

    /**
     * @param winner what was declared with higher precedence (e.g. web.xml)
     * @param addition what is added where the winner is silent (e.g. a fragment, the annotations)
     * @return the merged descriptor
     */
    static WebAppDescriptor merge(WebAppDescriptor winner, WebAppDescriptor addition) {
        return new WebAppDescriptor(
                winner.displayName() != null ? winner.displayName() : addition.displayName(),
                winner.metadataComplete(),
                maps(winner.contextParams(), addition.contextParams()),
                byName(winner.servlets(), addition.servlets(), ServletDef::name, DescriptorMerge::servlet),
                servletMappings(winner.servletMappings(), addition.servletMappings()),
                byName(winner.filters(), addition.filters(), FilterDef::name, DescriptorMerge::filter),
                filterMappings(winner.filterMappings(), addition.filterMappings()),
                union(winner.listeners(), addition.listeners()),
                errorPages(winner.errorPages(), addition.errorPages()),
                union(winner.welcomeFiles(), addition.welcomeFiles()),
                winner.sessionConfig() != null ? winner.sessionConfig() : addition.sessionConfig(),
                maps(winner.mimeMappings(), addition.mimeMappings()),
                maps(winner.localeEncodings(), addition.localeEncodings()),
                first(winner.requestCharacterEncoding(), addition.requestCharacterEncoding()),
                first(winner.responseCharacterEncoding(), addition.responseCharacterEncoding()),
                winner.denyUncoveredHttpMethods() || addition.denyUncoveredHttpMethods(),
                concat(winner.unsupported(), addition.unsupported()));
    }

    private static ServletDef servlet(ServletDef winner, ServletDef addition) {
        // async-supported is a plain boolean in the model: "absent" and "false" read the same, so
        // an annotation's true survives a web.xml entry that only adds init params.
        return new ServletDef(winner.name(), first(winner.className(), addition.className()), winner.jspFile(),
                maps(winner.initParams(), addition.initParams()),
                first(winner.loadOnStartup(), addition.loadOnStartup()),
                winner.asyncSupported() || addition.asyncSupported(),
                first(winner.multipart(), addition.multipart()), winner.enabled());
    }

    private static FilterDef filter(FilterDef winner, FilterDef addition) {
        return new FilterDef(winner.name(), first(winner.className(), addition.className()),
                maps(winner.initParams(), addition.initParams()),
                winner.asyncSupported() || addition.asyncSupported());
    }

    private static List<ServletMappingDef> servletMappings(List<ServletMappingDef> winner,
                                                           List<ServletMappingDef> addition) {
        Set<String> mapped = new LinkedHashSet<>();
        winner.forEach(m -> mapped.add(m.servletName()));
        List<ServletMappingDef> merged = new ArrayList<>(winner);
        addition.stream().filter(m -> !mapped.contains(m.servletName())).forEach(merged::add);
        return List.copyOf(merged);
    }

    private static List<FilterMappingDef> filterMappings(List<FilterMappingDef> winner,
                                                         List<FilterMappingDef> addition) {
        Set<String> mapped = new LinkedHashSet<>();
        winner.forEach(m -> mapped.add(m.filterName()));
        List<FilterMappingDef> merged = new ArrayList<>(winner);
        addition.stream().filter(m -> !mapped.contains(m.filterName())).forEach(merged::add);
        return List.copyOf(merged);
    }

    private static List<ErrorPageDef> errorPages(List<ErrorPageDef> winner, List<ErrorPageDef> addition) {
        Set<String> keys = new LinkedHashSet<>();
        winner.forEach(p -> keys.add(p.errorCode() + "/" + p.exceptionType()));
        List<ErrorPageDef> merged = new ArrayList<>(winner);
        addition.stream().filter(p -> !keys.contains(p.errorCode() + "/" + p.exceptionType())).forEach(merged::add);
        return List.copyOf(merged);
    }

    private static <T> List<T> byName(List<T> winner, List<T> addition, Function<T, String> name,
                                      BinaryOperator<T> combine) {
        Map<String, T> merged = new LinkedHashMap<>();
        winner.forEach(t -> merged.put(name.apply(t), t));
        for (T t : addition) {
            merged.merge(name.apply(t), t, combine);
        }
        return List.copyOf(merged.values());
    }

    private static Map<String, String> maps(Map<String, String> winner, Map<String, String> addition) {
        Map<String, String> merged = new LinkedHashMap<>(winner);
        addition.forEach(merged::putIfAbsent);
        return WebXml.ordered(merged);
    }

    private static List<String> union(List<String> winner, List<String> addition) {
        Set<String> merged = new LinkedHashSet<>(winner);
        merged.addAll(addition);
        return List.copyOf(merged);
    }

    private static List<String> concat(List<String> winner, List<String> addition) {
        List<String> merged = new ArrayList<>(winner);
        merged.addAll(addition);
        return List.copyOf(merged);
    }

    private static <T> T first(T winner, T addition) {
        return winner != null ? winner : addition;
    }
}
