package dev.jgu.testapps.jdkhttp;

/** More was ordered than the shop has; {@link OutOfStockMapper} answers it with 409. */
public final class OutOfStockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String item;
    private final int available;

    OutOfStockException(String item, int available) {
        super("only " + available + " " + item + " left");
        this.item = item;
        this.available = available;
    }

    String item() {
        return item;
    }

    int available() {
        return available;
    }
}
