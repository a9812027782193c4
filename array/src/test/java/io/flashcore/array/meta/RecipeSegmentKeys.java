package io.flashcore.array.meta;

import java.nio.file.Path;

import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/** Counts the recipe segment records of a closed {@link RocksMetadataStore}, read with RocksDB itself. */
public final class RecipeSegmentKeys {
    private RecipeSegmentKeys() {
    }

    /** Recipe segment keys (kind {@code 'R'}) in the store in {@code dir}. */
    public static int count(Path dir) throws Exception {
        try (Options o = new Options();
             RocksDB db = RocksDB.openReadOnly(o, dir.toString());
             RocksIterator it = db.newIterator()) {
            int n = 0;
            for (it.seek(new byte[] {'R'}); it.isValid() && it.key()[0] == 'R'; it.next()) {
                n++;
            }
            return n;
        }
    }
}
