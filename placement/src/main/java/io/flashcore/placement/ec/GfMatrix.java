package io.flashcore.placement.ec;

/**
 * Dense matrices over GF(2^8), stored row-major in {@code byte[]} with explicit dimensions. Used to
 * build encoding matrices and to invert survivor sub-matrices; never on the per-byte hot path.
 */
final class GfMatrix {
    private GfMatrix() {
    }

    /**
     * ISA-L's {@code gf_gen_cauchy1_matrix}: a (k+m)×k matrix whose first k rows are the identity and
     * whose row i ≥ k, column j is {@code 1 / (i XOR j)}.
     */
    static byte[] cauchy1(int k, int m) {
        int rows = k + m;
        byte[] a = new byte[rows * k];
        for (int i = 0; i < k; i++) {
            a[i * k + i] = 1;
        }
        for (int i = k; i < rows; i++) {
            for (int j = 0; j < k; j++) {
                a[i * k + j] = (byte) Gf256.inv(i ^ j);
            }
        }
        return a;
    }

    /** The n×n inverse of {@code a} (n×n), or null when {@code a} is singular. */
    static byte[] invert(byte[] a, int n) {
        byte[] w = a.clone();
        byte[] inv = new byte[n * n];
        for (int i = 0; i < n; i++) {
            inv[i * n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && w[pivot * n + col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                return null;
            }
            if (pivot != col) {
                swapRows(w, n, pivot, col);
                swapRows(inv, n, pivot, col);
            }
            int scale = Gf256.inv(w[col * n + col] & 0xFF);
            for (int j = 0; j < n; j++) {
                w[col * n + j] = (byte) Gf256.mul(w[col * n + j], scale);
                inv[col * n + j] = (byte) Gf256.mul(inv[col * n + j], scale);
            }
            for (int r = 0; r < n; r++) {
                int f = w[r * n + col] & 0xFF;
                if (r == col || f == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    w[r * n + j] ^= (byte) Gf256.mul(f, w[col * n + j]);
                    inv[r * n + j] ^= (byte) Gf256.mul(f, inv[col * n + j]);
                }
            }
        }
        return inv;
    }

    /** The product of {@code a} (r×n) and {@code b} (n×c), r×c. */
    static byte[] multiply(byte[] a, int r, int n, byte[] b, int c) {
        byte[] out = new byte[r * c];
        for (int i = 0; i < r; i++) {
            for (int t = 0; t < n; t++) {
                int f = a[i * n + t] & 0xFF;
                if (f == 0) {
                    continue;
                }
                for (int j = 0; j < c; j++) {
                    out[i * c + j] ^= (byte) Gf256.mul(f, b[t * c + j]);
                }
            }
        }
        return out;
    }

    private static void swapRows(byte[] a, int n, int r1, int r2) {
        for (int j = 0; j < n; j++) {
            byte t = a[r1 * n + j];
            a[r1 * n + j] = a[r2 * n + j];
            a[r2 * n + j] = t;
        }
    }

    /**
     * Picks k rows of the n×k matrix {@code a}, among those flagged in {@code usable}, in index order,
     * that are linearly independent; returns their indices, or null when the usable rows have rank
     * below k.
     */
    static int[] independentRows(byte[] a, int n, int k, boolean[] usable) {
        byte[] basis = new byte[k * k];
        int[] pivotCol = new int[k];
        int[] chosen = new int[k];
        int rank = 0;
        byte[] v = new byte[k];
        for (int row = 0; row < n && rank < k; row++) {
            if (!usable[row]) {
                continue;
            }
            System.arraycopy(a, row * k, v, 0, k);
            for (int b = 0; b < rank; b++) {
                int f = v[pivotCol[b]] & 0xFF;
                if (f != 0) {
                    for (int j = 0; j < k; j++) {
                        v[j] ^= (byte) Gf256.mul(f, basis[b * k + j]);
                    }
                }
            }
            int pc = -1;
            for (int j = 0; j < k; j++) {
                if (v[j] != 0) {
                    pc = j;
                    break;
                }
            }
            if (pc < 0) {
                continue;
            }
            int scale = Gf256.inv(v[pc] & 0xFF);
            for (int j = 0; j < k; j++) {
                basis[rank * k + j] = (byte) Gf256.mul(v[j], scale);
            }
            // Keep the basis reduced so later rows are reduced against every pivot column exactly.
            for (int b = 0; b < rank; b++) {
                int f = basis[b * k + pc] & 0xFF;
                if (f != 0) {
                    for (int j = 0; j < k; j++) {
                        basis[b * k + j] ^= (byte) Gf256.mul(f, basis[rank * k + j]);
                    }
                }
            }
            pivotCol[rank] = pc;
            chosen[rank++] = row;
        }
        return rank == k ? chosen : null;
    }
}
