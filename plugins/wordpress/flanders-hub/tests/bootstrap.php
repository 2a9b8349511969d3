<?php
/**
 * Minimal stand-ins for the WordPress functions the plugin calls, so its
 * output can be tested with plain PHP (WordPress itself is not needed).
 * They follow WordPress's documented behaviour where the tests depend on it:
 * escaping (ENT_QUOTES, no double encoding, invalid UTF-8 gives ''), URL
 * protocol checks, shortcode_atts() dropping unknown names, one queue entry
 * per script handle, and the script tag that WordPress prints (with defer
 * from the loading strategy only from 6.3 on).
 *
 * @package FlandersHub
 */

define( 'ABSPATH', __DIR__ . '/' );

/**
 * Everything the stand-ins record; wp_test_reset() clears the per-test part.
 */
$GLOBALS['wp_test'] = array(
	'hooks'      => array(),
	'shortcodes' => array(),
	'blocks'     => array(),
	'strings'    => array(),
);

/**
 * Clears options, scripts, capabilities and messages between tests.
 *
 * @param array $overrides Initial values (version, locale, caps, options).
 */
function wp_test_reset( $overrides = array() ) {
	$GLOBALS['wp_test'] = array_merge(
		$GLOBALS['wp_test'],
		array(
			'version'         => '6.4',
			'locale'          => 'en_US',
			'caps'            => array(),
			'options'         => array(),
			'scripts'         => array(),
			'queue'           => array(),
			'enqueue_calls'   => 0,
			'settings_errors' => array(),
			'multisite'       => false,
			'sites'           => array(),
			'current_site'    => 1,
		),
		$overrides
	);
	$GLOBALS['wp_version'] = $GLOBALS['wp_test']['version'];
}
wp_test_reset();

// --- hooks ---------------------------------------------------------------

function add_filter( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	$GLOBALS['wp_test']['hooks'][ $hook ][ $priority ][] = array( $callback, $accepted_args );
	return true;
}

function add_action( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	return add_filter( $hook, $callback, $priority, $accepted_args );
}

function apply_filters( $hook, $value, ...$args ) {
	if ( empty( $GLOBALS['wp_test']['hooks'][ $hook ] ) ) {
		return $value;
	}
	$by_priority = $GLOBALS['wp_test']['hooks'][ $hook ];
	ksort( $by_priority );
	foreach ( $by_priority as $callbacks ) {
		foreach ( $callbacks as $entry ) {
			$value = call_user_func_array( $entry[0], array_slice( array_merge( array( $value ), $args ), 0, $entry[1] ) );
		}
	}
	return $value;
}

function do_action( $hook, ...$args ) {
	if ( empty( $GLOBALS['wp_test']['hooks'][ $hook ] ) ) {
		return;
	}
	$by_priority = $GLOBALS['wp_test']['hooks'][ $hook ];
	ksort( $by_priority );
	foreach ( $by_priority as $callbacks ) {
		foreach ( $callbacks as $entry ) {
			call_user_func_array( $entry[0], array_slice( $args, 0, $entry[1] ) );
		}
	}
}

// --- escaping and URLs ----------------------------------------------------

function esc_html( $text ) {
	// WordPress: _wp_specialchars( $text, ENT_QUOTES ) without double encoding;
	// invalid UTF-8 becomes ''.
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8', false );
}

function esc_attr( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8', false );
}

function wp_test_clean_url( $url, $protocols ) {
	$url = str_replace( ' ', '%20', ltrim( (string) $url ) );
	$url = preg_replace( '|[^a-z0-9-~+_.?#=!&;,/:%@$\|*\'()\[\]\x80-\xff]|i', '', $url );
	if ( '' === $url ) {
		return '';
	}
	if ( false === strpos( $url, ':' ) && ! in_array( $url[0], array( '/', '#', '?' ), true ) ) {
		$url = 'http://' . $url;
	}
	$protocols = $protocols ? $protocols : array( 'http', 'https', 'ftp', 'ftps', 'mailto', 'news', 'irc', 'gopher', 'nntp', 'feed', 'telnet', 'mms', 'rtsp', 'sms', 'svn', 'tel', 'fax', 'xmpp', 'webcal', 'urn' );
	if ( preg_match( '/^([^:\/?#]+):/', $url, $match ) && ! in_array( strtolower( $match[1] ), $protocols, true ) ) {
		return '';
	}
	return $url;
}

function esc_url( $url, $protocols = null, $_context = 'display' ) {
	$url = wp_test_clean_url( $url, $protocols );
	// Display context: & and ' become entities, as WordPress does.
	$url = preg_replace( '/&(?!#?\w+;)/', '&#038;', $url );
	$url = str_replace( array( '&amp;', "'" ), array( '&#038;', '&#039;' ), $url );
	return $url;
}

function esc_url_raw( $url, $protocols = null ) {
	return wp_test_clean_url( $url, $protocols );
}

function wp_parse_url( $url, $component = -1 ) {
	return parse_url( $url, $component );
}

// --- i18n -----------------------------------------------------------------

function wp_test_translate( $text, $domain ) {
	$GLOBALS['wp_test']['strings'][] = array( $text, $domain );
	return $text;
}

function __( $text, $domain = 'default' ) {
	return wp_test_translate( $text, $domain );
}

function esc_html__( $text, $domain = 'default' ) {
	return esc_html( wp_test_translate( $text, $domain ) );
}

function esc_attr__( $text, $domain = 'default' ) {
	return esc_attr( wp_test_translate( $text, $domain ) );
}

function esc_html_e( $text, $domain = 'default' ) {
	echo esc_html__( $text, $domain );
}

function determine_locale() {
	return $GLOBALS['wp_test']['locale'];
}

function load_plugin_textdomain( $domain, $deprecated = false, $path = false ) {
	// WordPress looks for <domain>-<locale>.mo (translate.wordpress.org's
	// folder, then the plugin's), the exact locale only.
	$GLOBALS['wp_test']['textdomain'] = array( $domain, $path );
	$mofile = $domain . '-' . determine_locale() . '.mo';
	return load_textdomain( $domain, dirname( __DIR__, 2 ) . '/' . $path . '/' . $mofile );
}

function load_textdomain( $domain, $mofile ) {
	if ( ! is_readable( $mofile ) ) {
		return false;
	}
	$GLOBALS['wp_test']['loaded_mo'][ $domain ] = $mofile;
	return true;
}

function wp_set_script_translations( $handle, $domain, $path = '' ) {
	$GLOBALS['wp_test']['script_translations'][ $handle ] = $domain;
	return true;
}

// --- options, users, plugins -----------------------------------------------

function get_option( $name, $default = false ) {
	return array_key_exists( $name, $GLOBALS['wp_test']['options'] ) ? $GLOBALS['wp_test']['options'][ $name ] : $default;
}

function update_option( $name, $value ) {
	$GLOBALS['wp_test']['options'][ $name ] = $value;
	return true;
}

function delete_option( $name ) {
	$site = $GLOBALS['wp_test']['current_site'];
	$GLOBALS['wp_test']['deleted'][] = array( $site, $name );
	unset( $GLOBALS['wp_test']['options'][ $name ] );
	return true;
}

function current_user_can( $capability ) {
	return in_array( $capability, $GLOBALS['wp_test']['caps'], true );
}

function plugin_basename( $file ) {
	return basename( dirname( $file ) ) . '/' . basename( $file );
}

function admin_url( $path = '' ) {
	return 'https://site.example/wp-admin/' . ltrim( $path, '/' );
}

function is_multisite() {
	return $GLOBALS['wp_test']['multisite'];
}

function get_sites( $args = array() ) {
	return $GLOBALS['wp_test']['sites'];
}

function switch_to_blog( $id ) {
	$GLOBALS['wp_test']['current_site'] = $id;
}

function restore_current_blog() {
	$GLOBALS['wp_test']['current_site'] = 1;
}

// --- settings API -----------------------------------------------------------

function register_setting( $group, $name, $args = array() ) {
	$GLOBALS['wp_test']['settings'][ $name ] = array( $group, $args );
}

function add_settings_section( $id, $title, $callback, $page ) {
	$GLOBALS['wp_test']['sections'][ $page ][ $id ] = array( $title, $callback );
}

function add_settings_field( $id, $title, $callback, $page, $section = 'default', $args = array() ) {
	$GLOBALS['wp_test']['fields'][ $page ][ $section ][ $id ] = array( $title, $callback, $args );
}

function add_settings_error( $setting, $code, $message, $type = 'error' ) {
	$GLOBALS['wp_test']['settings_errors'][] = array( $setting, $code, $message, $type );
}

function add_options_page( $page_title, $menu_title, $capability, $slug, $callback ) {
	$GLOBALS['wp_test']['options_pages'][ $slug ] = array( $page_title, $menu_title, $capability, $callback );
	return 'settings_page_' . $slug;
}

function get_admin_page_title() {
	return 'Flanders Academic Hub';
}

function settings_fields( $group ) {
	echo '<input type="hidden" name="option_page" value="' . esc_attr( $group ) . '" />';
}

function do_settings_sections( $page ) {
	foreach ( $GLOBALS['wp_test']['sections'][ $page ] as $id => $section ) {
		echo '<h2>' . esc_html( $section[0] ) . '</h2>';
		call_user_func( $section[1] );
		foreach ( $GLOBALS['wp_test']['fields'][ $page ][ $id ] as $field ) {
			echo '<label for="' . esc_attr( $field[2]['label_for'] ) . '">' . esc_html( $field[0] ) . '</label>';
			call_user_func( $field[1], $field[2] );
		}
	}
}

function submit_button() {
	echo '<input type="submit" class="button button-primary" value="Save Changes" />';
}

function selected( $selected, $current = true, $echo = true ) {
	$result = (string) $selected === (string) $current ? " selected='selected'" : '';
	if ( $echo ) {
		echo $result;
	}
	return $result;
}

function wp_add_privacy_policy_content( $plugin_name, $policy_text ) {
	$GLOBALS['wp_test']['privacy'][ $plugin_name ] = $policy_text;
}

// --- shortcodes -------------------------------------------------------------

function add_shortcode( $tag, $callback ) {
	$GLOBALS['wp_test']['shortcodes'][ $tag ] = $callback;
}

function shortcode_atts( $pairs, $atts, $shortcode = '' ) {
	$atts = (array) $atts;
	$out  = array();
	foreach ( $pairs as $name => $default ) {
		$out[ $name ] = array_key_exists( $name, $atts ) ? $atts[ $name ] : $default;
	}
	if ( $shortcode ) {
		$out = apply_filters( "shortcode_atts_{$shortcode}", $out, $pairs, $atts, $shortcode );
	}
	return $out;
}

/**
 * Calls a registered shortcode as WordPress does: attributes as an array, or
 * '' when the shortcode has none.
 */
function wp_test_shortcode( $tag, $atts = array() ) {
	if ( ! isset( $GLOBALS['wp_test']['shortcodes'][ $tag ] ) ) {
		throw new RuntimeException( "shortcode [$tag] is not registered" );
	}
	return call_user_func( $GLOBALS['wp_test']['shortcodes'][ $tag ], $atts ? $atts : '', '', $tag );
}

// --- blocks -----------------------------------------------------------------

function register_block_type( $block_type, $args = array() ) {
	$metadata = array();
	if ( is_string( $block_type ) && file_exists( $block_type . '/block.json' ) ) {
		$metadata = json_decode( file_get_contents( $block_type . '/block.json' ), true );
		if ( ! is_array( $metadata ) ) {
			throw new RuntimeException( "invalid JSON in $block_type/block.json" );
		}
		$block_type = $metadata['name'];
	}
	$GLOBALS['wp_test']['blocks'][ $block_type ] = array(
		'metadata' => $metadata,
		'args'     => $args,
	);
	return true;
}

// --- scripts ----------------------------------------------------------------

function wp_register_script( $handle, $src, $deps = array(), $ver = false, $args = array() ) {
	if ( isset( $GLOBALS['wp_test']['scripts'][ $handle ] ) ) {
		return false;
	}
	$GLOBALS['wp_test']['scripts'][ $handle ] = compact( 'src', 'deps', 'ver', 'args' );
	return true;
}

function wp_enqueue_script( $handle, $src = '', $deps = array(), $ver = false, $args = array() ) {
	++$GLOBALS['wp_test']['enqueue_calls'];
	if ( $src ) {
		wp_register_script( $handle, $src, $deps, $ver, $args );
	}
	if ( ! in_array( $handle, $GLOBALS['wp_test']['queue'], true ) ) {
		$GLOBALS['wp_test']['queue'][] = $handle;
	}
}

function wp_script_is( $handle, $status = 'enqueued' ) {
	if ( 'registered' === $status ) {
		return isset( $GLOBALS['wp_test']['scripts'][ $handle ] );
	}
	return in_array( $handle, $GLOBALS['wp_test']['queue'], true );
}

/**
 * The script tags WordPress prints for the queue. WordPress before 6.3
 * ignores the loading strategy (its fifth argument was only $in_footer).
 */
function wp_test_print_scripts() {
	$html = '';
	foreach ( $GLOBALS['wp_test']['queue'] as $handle ) {
		$script = $GLOBALS['wp_test']['scripts'][ $handle ];
		$src    = $script['src'];
		if ( null !== $script['ver'] ) {
			$src .= ( false === strpos( $src, '?' ) ? '?' : '&' ) . 'ver=' . ( $script['ver'] ? $script['ver'] : $GLOBALS['wp_version'] );
		}
		$strategy = '';
		if ( version_compare( $GLOBALS['wp_version'], '6.3', '>=' ) && is_array( $script['args'] ) && ! empty( $script['args']['strategy'] ) ) {
			$strategy = ' ' . $script['args']['strategy'];
		}
		$tag   = "<script src=\"" . esc_url( $src ) . "\" id=\"{$handle}-js\"{$strategy}></script>\n";
		$html .= apply_filters( 'script_loader_tag', $tag, $handle, $src );
	}
	return $html;
}
