package dev.jgu.arbiter;

/** jgu's version, from the jar manifest (set by the build). */
public final class Version {

    private Version() {
    }

    /** @return the version, or {@code dev} when not run from a built jar */
    public static String jgu() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
