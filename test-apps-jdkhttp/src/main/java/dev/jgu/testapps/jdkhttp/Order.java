package dev.jgu.testapps.jdkhttp;

import java.util.List;

/**
 * An order as the shop's JSON API takes it.
 *
 * @param item what is ordered
 * @param quantity how many
 * @param notes free text lines
 */
public record Order(String item, int quantity, List<String> notes) {
}
