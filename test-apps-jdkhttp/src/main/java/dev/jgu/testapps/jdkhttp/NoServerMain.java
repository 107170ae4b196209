package dev.jgu.testapps.jdkhttp;

/** A program that serves nothing: named as {@code APP} ({@code ...NoServerMain::main}) it must fail jgu's boot. */
public final class NoServerMain {

    private NoServerMain() {
    }

    public static void main(String[] args) {
        System.out.println("a batch job: nothing to serve");
    }
}
