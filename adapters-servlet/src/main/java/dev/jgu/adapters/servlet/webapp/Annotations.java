package dev.jgu.adapters.servlet.webapp;

import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.FilterMappingDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletDef;
import dev.jgu.adapters.servlet.webapp.WebAppDescriptor.ServletMappingDef;
import io.github.classgraph.AnnotationEnumValue;
import io.github.classgraph.AnnotationInfo;
import io.github.classgraph.AnnotationParameterValueList;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import java.io.File;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads {@code @WebServlet}, {@code @WebFilter}, {@code @WebListener}, {@code @MultipartConfig}
 * and {@code @WebInitParam} from the class files of a scan, without loading the classes. The
 * annotation types are the container's, so their default values are not in the scan; the
 * defaults below are those of the Servlet 6.1 API.
 */
public final class Annotations {

    private static final String PACKAGE = "jakarta.servlet.annotation.";
    private static final String WEB_SERVLET = PACKAGE + "WebServlet";
    private static final String WEB_FILTER = PACKAGE + "WebFilter";
    private static final String WEB_LISTENER = PACKAGE + "WebListener";
    private static final String MULTIPART = PACKAGE + "MultipartConfig";
    /** The annotations that declare a component; a class with none of them adds nothing here. */
    static final List<String> TYPES = List.of(WEB_SERVLET, WEB_FILTER, WEB_LISTENER);

    private Annotations() {
    }

    /**
     * @param scan a scan of the web app's own class path
     * @param includeRoot which class path roots count (false for a jar whose web-fragment.xml is
     *     metadata-complete or that absolute-ordering left out)
     * @return the servlets, mappings, filters, filter mappings and listeners the annotations declare
     * @throws WebappException when an annotation value has the wrong type
     */
    public static WebAppDescriptor scan(ScanResult scan, Predicate<File> includeRoot) throws WebappException {
        List<ServletDef> servlets = new ArrayList<>();
        List<ServletMappingDef> servletMappings = new ArrayList<>();
        List<FilterDef> filters = new ArrayList<>();
        List<FilterMappingDef> filterMappings = new ArrayList<>();
        List<String> listeners = new ArrayList<>();
        for (ClassInfo c : scan.getClassesWithAnnotation(WEB_SERVLET)) {
            if (includeRoot.test(c.getClasspathElementFile())) {
                AnnotationParameterValueList values = c.getAnnotationInfo(WEB_SERVLET).getParameterValues();
                String name = nameOr(values.getValue("name"), c.getName());
                int loadOnStartup = value(values.getValue("loadOnStartup"), Integer.class, -1, c, "loadOnStartup");
                servlets.add(new ServletDef(name, c.getName(), null, initParams(values, c),
                        loadOnStartup < 0 ? null : loadOnStartup,
                        value(values.getValue("asyncSupported"), Boolean.class, false, c, "asyncSupported"),
                        multipart(c), true));
                List<String> patterns = patterns(values, c);
                if (!patterns.isEmpty()) {
                    servletMappings.add(new ServletMappingDef(name, patterns));
                }
            }
        }
        for (ClassInfo c : scan.getClassesWithAnnotation(WEB_FILTER)) {
            if (includeRoot.test(c.getClasspathElementFile())) {
                AnnotationParameterValueList values = c.getAnnotationInfo(WEB_FILTER).getParameterValues();
                String name = nameOr(values.getValue("filterName"), c.getName());
                filters.add(new FilterDef(name, c.getName(), initParams(values, c),
                        value(values.getValue("asyncSupported"), Boolean.class, false, c, "asyncSupported")));
                List<String> patterns = patterns(values, c);
                List<String> servletNames = strings(values.getValue("servletNames"), c, "servletNames");
                if (!patterns.isEmpty() || !servletNames.isEmpty()) {
                    filterMappings.add(new FilterMappingDef(name, patterns, servletNames, dispatchers(values, c)));
                }
            }
        }
        for (ClassInfo c : scan.getClassesWithAnnotation(WEB_LISTENER)) {
            if (includeRoot.test(c.getClasspathElementFile())) {
                listeners.add(c.getName());
            }
        }
        return new WebAppDescriptor(null, false, Map.of(), List.copyOf(servlets), List.copyOf(servletMappings),
                List.copyOf(filters), List.copyOf(filterMappings), List.copyOf(listeners), List.of(), List.of(),
                null, Map.of(), Map.of(), null, null, false, List.of());
    }

    private static List<String> patterns(AnnotationParameterValueList values, ClassInfo c) throws WebappException {
        Set<String> patterns = new LinkedHashSet<>(strings(values.getValue("value"), c, "value"));
        patterns.addAll(strings(values.getValue("urlPatterns"), c, "urlPatterns"));
        return List.copyOf(patterns);
    }

    private static Map<String, String> initParams(AnnotationParameterValueList values, ClassInfo c)
            throws WebappException {
        Map<String, String> params = new LinkedHashMap<>();
        for (Object p : elements(values.getValue("initParams"))) {
            if (!(p instanceof AnnotationInfo param)) {
                throw new WebappException(where(c, "initParams") + p + ": expected @WebInitParam");
            }
            AnnotationParameterValueList pv = param.getParameterValues();
            params.put(value(pv.getValue("name"), String.class, "", c, "initParams.name"),
                    value(pv.getValue("value"), String.class, "", c, "initParams.value"));
        }
        return WebXml.ordered(params);
    }

    private static MultipartConfigElement multipart(ClassInfo c) throws WebappException {
        AnnotationInfo info = c.getAnnotationInfo(MULTIPART);
        if (info == null) {
            return null;
        }
        AnnotationParameterValueList v = info.getParameterValues();
        return new MultipartConfigElement(value(v.getValue("location"), String.class, "", c, "location"),
                value(v.getValue("maxFileSize"), Long.class, -1L, c, "maxFileSize"),
                value(v.getValue("maxRequestSize"), Long.class, -1L, c, "maxRequestSize"),
                value(v.getValue("fileSizeThreshold"), Integer.class, 0, c, "fileSizeThreshold"));
    }

    private static Set<DispatcherType> dispatchers(AnnotationParameterValueList values, ClassInfo c)
            throws WebappException {
        Set<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
        for (Object d : elements(values.getValue("dispatcherTypes"))) {
            if (!(d instanceof AnnotationEnumValue e)) {
                throw new WebappException(where(c, "dispatcherTypes") + d + ": expected a DispatcherType");
            }
            types.add(DispatcherType.valueOf(e.getValueName()));
        }
        if (types.isEmpty()) {
            types.add(DispatcherType.REQUEST);
        }
        return Set.copyOf(types);
    }

    private static String nameOr(Object name, String className) {
        return name instanceof String s && !s.isEmpty() ? s : className;
    }

    private static List<String> strings(Object value, ClassInfo c, String param) throws WebappException {
        List<String> strings = new ArrayList<>();
        for (Object o : elements(value)) {
            if (!(o instanceof String s)) {
                throw new WebappException(where(c, param) + o + ": expected a string");
            }
            strings.add(s);
        }
        return strings;
    }

    private static <T> T value(Object value, Class<T> type, T absent, ClassInfo c, String param)
            throws WebappException {
        if (value == null) {
            return absent;
        }
        if (!type.isInstance(value)) {
            throw new WebappException(where(c, param) + value + ": expected a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    private static List<Object> elements(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!value.getClass().isArray()) {
            return List.of(value);
        }
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < Array.getLength(value); i++) {
            elements.add(Array.get(value, i));
        }
        return elements;
    }

    private static String where(ClassInfo c, String param) {
        return c.getName() + " (" + c.getClasspathElementFile() + "): annotation parameter " + param + "=";
    }
}
