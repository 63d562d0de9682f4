// The one place that reads configuration. Build time: VITE_API_BASE_URL (default: the page's own
// origin). Run time: `config.json` next to index.html, so one static build can be pointed at any
// API by whoever deploys it (stage 3), without rebuilding.

export interface AppConfig {
  /** Where the API lives; '' means the origin that served the app. */
  apiBaseUrl: string;
}

const buildTime: AppConfig = {
  apiBaseUrl: import.meta.env.VITE_API_BASE_URL ?? '',
};

/** Merges a runtime config file over the build-time defaults, ignoring anything malformed. */
export function mergeConfig(defaults: AppConfig, runtime: unknown): AppConfig {
  const merged = { ...defaults };
  if (runtime && typeof runtime === 'object') {
    const value = (runtime as Record<string, unknown>).apiBaseUrl;
    if (typeof value === 'string' && (value === '' || /^https?:\/\//i.test(value) || value.startsWith('/'))) {
      merged.apiBaseUrl = value;
    }
  }
  return merged;
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  try {
    const response = await fetchImpl(`${import.meta.env.BASE_URL}config.json`);
    if (response.ok) {
      return mergeConfig(buildTime, await response.json());
    }
  } catch {
    // No config file (or offline): the build-time defaults apply.
  }
  return buildTime;
}
