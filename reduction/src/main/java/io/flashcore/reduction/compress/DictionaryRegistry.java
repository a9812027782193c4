package io.flashcore.reduction.compress;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dictionaries a store knows, by id: records name their dictionary's id and readers look it up
 * here. Thread-safe; closing the registry closes every dictionary in it.
 */
public final class DictionaryRegistry implements AutoCloseable {
    private final ConcurrentHashMap<Integer, CompressionDictionary> byId = new ConcurrentHashMap<>();

    /** An empty registry. */
    public DictionaryRegistry() {
    }

    /**
     * Adds {@code dictionary}; returns it.
     *
     * @throws IllegalArgumentException when a different dictionary with the same id is registered
     */
    public CompressionDictionary register(CompressionDictionary dictionary) {
        CompressionDictionary old = byId.putIfAbsent(dictionary.id(), dictionary);
        if (old != null && old != dictionary) {
            throw new IllegalArgumentException("a different dictionary with id "
                    + Integer.toUnsignedString(dictionary.id()) + " is already registered");
        }
        return dictionary;
    }

    /**
     * The dictionary with {@code id}.
     *
     * @throws MissingDictionaryException naming {@code id} when it is not registered
     */
    public CompressionDictionary require(int id) {
        CompressionDictionary d = byId.get(id);
        if (d == null) {
            throw new MissingDictionaryException(id);
        }
        return d;
    }

    /** Whether a dictionary with {@code id} is registered. */
    public boolean contains(int id) {
        return byId.containsKey(id);
    }

    /** A snapshot of the registered dictionaries. */
    public Collection<CompressionDictionary> all() {
        return List.copyOf(byId.values());
    }

    @Override
    public void close() {
        byId.values().forEach(CompressionDictionary::close);
        byId.clear();
    }
}
