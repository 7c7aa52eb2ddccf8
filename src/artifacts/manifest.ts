/** The shapes of target/manifest.json (dbt's, where it fits). */
export interface ManifestNode {
  readonly unique_id: string;
  readonly resource_type: string;
  readonly name: string;
  readonly package_name: string;
  readonly original_file_path: string;
  readonly depends_on: { readonly nodes: readonly string[] };
  readonly config: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly checksum: { readonly name: 'sha256'; readonly checksum: string };
  readonly description: string;
  readonly relation_name?: string;
  readonly compiled_path?: string;
  readonly raw_code?: string;
  readonly compiled_code?: string;
  readonly columns?: Readonly<Record<string, unknown>>;
  readonly source_name?: string;
  readonly [key: string]: unknown;
}

export interface Manifest {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly nodes: Record<string, ManifestNode>;
  readonly sources: Record<string, ManifestNode>;
  readonly parent_map: Record<string, string[]>;
  readonly child_map: Record<string, string[]>;
}
