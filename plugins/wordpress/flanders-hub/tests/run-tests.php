<?php
/**
 * Unit tests of the plugin's output, on the stand-ins of tests/bootstrap.php.
 * Run: php tests/run-tests.php   (exit code 1 when a test fails)
 *
 * @package FlandersHub
 */

require __DIR__ . '/bootstrap.php';

// A notice or warning from the plugin is a failure too.
set_error_handler(
	function ( $severity, $message, $file, $line ) {
		throw new ErrorException( $message, 0, $severity, $file, $line );
	}
);

$plugin_dir = dirname( __DIR__ );
require $plugin_dir . '/flanders-hub.php';
do_action( 'init' );
do_action( 'admin_init' );

const HUB     = 'https://hub.example';
const HANDLE  = 'flanders-hub-widgets';
const XSS     = '"><script>alert(1)</script>';
const SITE_OK = array( 'flanders_hub_settings' => array( 'hub_url' => HUB ) );

/** Raised by the checks below; one failing check ends its test. */
class Check_Failed extends Exception {}

function check( $condition, $message ) {
	if ( ! $condition ) {
		throw new Check_Failed( $message );
	}
}

function check_same( $expected, $actual, $message = '' ) {
	if ( $expected !== $actual ) {
		throw new Check_Failed( ( $message ? "$message\n" : '' ) . '  expected: ' . var_export( $expected, true ) . "\n  actual:   " . var_export( $actual, true ) );
	}
}

function check_contains( $needle, $haystack, $message = '' ) {
	check( false !== strpos( $haystack, $needle ), ( $message ? "$message: " : '' ) . "'$needle' not in:\n  $haystack" );
}

function check_not_contains( $needle, $haystack, $message = '' ) {
	check( false === stripos( $haystack, $needle ), ( $message ? "$message: " : '' ) . "'$needle' found in:\n  $haystack" );
}

/** The element's attributes as name => decoded value (the markup is ours, so a regex suffices). */
function element_attributes( $html, $widget ) {
	check( 1 === preg_match( '/^<flanders-' . $widget . '((?: [a-z-]+="[^"<>]*")*)>/', $html, $match ), "no well-formed <flanders-$widget> start tag in: $html" );
	preg_match_all( '/ ([a-z-]+)="([^"]*)"/', $match[1], $pairs, PREG_SET_ORDER );
	$attributes = array();
	foreach ( $pairs as $pair ) {
		$attributes[ $pair[1] ] = html_entity_decode( $pair[2], ENT_QUOTES | ENT_HTML5, 'UTF-8' );
	}
	return $attributes;
}

/** The fallback link: [href as HTML-decoded, text]. */
function fallback_link( $html ) {
	check( 1 === preg_match( '#<a class="flanders-hub-fallback" href="([^"<>]*)">([^<>]*)</a></flanders-[a-z]+>$#', $html, $match ), "no fallback link at the end of: $html" );
	return array( html_entity_decode( $match[1], ENT_QUOTES | ENT_HTML5, 'UTF-8' ), html_entity_decode( $match[2], ENT_QUOTES | ENT_HTML5, 'UTF-8' ) );
}

function plugin_header( $file ) {
	$text    = file_get_contents( $file, false, null, 0, 8192 );
	$headers = array();
	foreach ( array( 'Plugin Name', 'Version', 'Requires at least', 'Requires PHP', 'License', 'Text Domain', 'Domain Path' ) as $name ) {
		if ( preg_match( '/^[ \t\/*#@]*' . preg_quote( $name, '/' ) . ':(.*)$/mi', $text, $match ) ) {
			$headers[ $name ] = trim( $match[1] );
		}
	}
	return $headers;
}

// --- tests ------------------------------------------------------------------

function test_plugin_header_and_versions() {
	$dir    = dirname( __DIR__ );
	$header = plugin_header( $dir . '/flanders-hub.php' );
	check_same( 'Flanders Academic Hub', $header['Plugin Name'] ?? null );
	check_same( '1.0.0', $header['Version'] ?? null );
	check( (bool) preg_match( '/^\d+\.\d+$/', $header['Requires at least'] ?? '' ), 'Requires at least' );
	check( (bool) preg_match( '/^\d+\.\d+$/', $header['Requires PHP'] ?? '' ), 'Requires PHP' );
	check_same( 'GPL-2.0-or-later', $header['License'] ?? null );
	check_same( 'flanders-hub', $header['Text Domain'] ?? null );
	check_same( '/languages', $header['Domain Path'] ?? null );
	check_same( $header['Version'], FLANDERS_HUB_VERSION, 'FLANDERS_HUB_VERSION' );
	$readme = file_get_contents( $dir . '/readme.txt' );
	check_contains( 'Stable tag: ' . $header['Version'], $readme, 'readme.txt' );
	check_contains( 'Requires at least: ' . $header['Requires at least'], $readme, 'readme.txt' );
	check_contains( 'Requires PHP: ' . $header['Requires PHP'], $readme, 'readme.txt' );
	check_contains( "= {$header['Version']} =", $readme, 'readme.txt changelog' );
	$block = json_decode( file_get_contents( $dir . '/blocks/widget/block.json' ), true );
	check_same( $header['Version'], $block['version'], 'block.json version' );
	check_same( array( 'flanders-hub', 'flanders-hub/languages' ), $GLOBALS['wp_test']['textdomain'], 'load_plugin_textdomain on init' );
}

function test_shortcodes_and_block_are_registered() {
	foreach ( array( 'events', 'calendar', 'expertise', 'search' ) as $widget ) {
		check( isset( $GLOBALS['wp_test']['shortcodes'][ "flanders_$widget" ] ), "[flanders_$widget] registered" );
	}
	$block = $GLOBALS['wp_test']['blocks']['flanders-hub/widget'] ?? null;
	check( null !== $block, 'block flanders-hub/widget registered from block.json' );
	check( is_callable( $block['args']['render_callback'] ?? null ), 'render_callback' );
	$meta = $block['metadata'];
	check_same( 'flanders-hub', $meta['textdomain'] );
	check_same( 'file:./editor.js', $meta['editorScript'] );
	$dir = dirname( __DIR__ ) . '/blocks/widget';
	check( is_file( "$dir/editor.js" ), 'editor.js exists' );
	$asset = require "$dir/editor.asset.php";
	foreach ( array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n', 'wp-server-side-render' ) as $dependency ) {
		check( in_array( $dependency, $asset['dependencies'], true ), "editor.asset.php depends on $dependency" );
	}
	// Every attribute of every shortcode can be set on the block too.
	$names = array( 'widget' );
	foreach ( array( 'events', 'calendar', 'expertise', 'search' ) as $widget ) {
		foreach ( Flanders_Hub_Widgets::attribute_names( $widget ) as $name ) {
			$names[] = 'time-zone' === $name ? 'timeZone' : $name;
		}
	}
	check_same( array(), array_values( array_diff( array_unique( $names ), array_keys( $meta['attributes'] ) ) ), 'block attributes missing' );
	check_same( array( 'events', 'calendar', 'expertise', 'search' ), $meta['attributes']['widget']['enum'] );
	check_same( 'flanders-hub', $GLOBALS['wp_test']['script_translations']['flanders-hub-widget-editor-script'] ?? null, 'editor script translations' );
}

function test_events_shortcode_markup() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	$html = wp_test_shortcode(
		'flanders_events',
		array(
			'country' => 'jp',
			'limit'   => '5',
			'layout'  => 'cards',
		)
	);
	check_same(
		'<flanders-events hub="https://hub.example" lang="en" country="JP" limit="5" layout="cards">'
		. '<a class="flanders-hub-fallback" href="https://hub.example/en/events/?country=JP">Events on the Flanders Academic Hub</a>'
		. '</flanders-events>',
		$html
	);
}

function test_every_allowed_attribute_is_kept() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	$atts = array(
		'organiser'      => 'ku-leuven',
		'institution'    => 'ghent-university',
		'representation' => 'japan',
		'country'        => 'JP',
		'discipline'     => '1.2',
		'type'           => 'info-session',
		'audience'       => 'students',
		'language'       => 'en',
		'when'           => 'past',
		'limit'          => '12',
		'layout'         => 'compact',
		'lang'           => 'fr',
		'theme'          => 'flanders',
		'time-zone'      => 'visitor',
		'hub'            => 'https://other-hub.example/',
	);
	$html     = wp_test_shortcode( 'flanders_events', $atts );
	$expected = $atts;
	$expected['hub'] = 'https://other-hub.example';
	$actual   = element_attributes( $html, 'events' );
	ksort( $expected );
	ksort( $actual );
	check_same( $expected, $actual );
	list( $href, $text ) = fallback_link( $html );
	check_same( 'https://other-hub.example/fr/events/?organiser=ku-leuven&institution=ghent-university&country=JP&discipline=1.2&type=info-session&audience=students&when=past', $href );
	check_same( 'Événements sur le Hub académique de Flandre', $text );
}

function test_unknown_attributes_are_dropped() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	$html = wp_test_shortcode(
		'flanders_events',
		array(
			'foo'     => 'bar',
			'onclick' => 'alert(1)',
			'style'   => 'display:none',
			'class'   => 'x',
			0         => 'positional',
			'country' => 'BE',
		)
	);
	check_same( array( 'hub', 'lang', 'country' ), array_keys( element_attributes( $html, 'events' ) ) );
	foreach ( array( 'foo', 'onclick', 'style', 'class="x"', 'positional', 'bar' ) as $dropped ) {
		check_not_contains( $dropped, $html );
	}
	// Expertise takes no event filters.
	$html = wp_test_shortcode(
		'flanders_expertise',
		array(
			'organiser'   => 'ku-leuven',
			'when'        => 'past',
			'audience'    => 'students',
			'institution' => 'vub',
			'discipline'  => '2-1',
			'country'     => 'us',
		)
	);
	check_same( array( 'hub', 'lang', 'institution', 'discipline', 'country' ), array_keys( element_attributes( $html, 'expertise' ) ) );
	list( $href, $text ) = fallback_link( $html );
	check_same( 'https://hub.example/en/expertise/?institution=vub&discipline=2-1&country=US', $href );
	check_same( 'Flemish research expertise on the Flanders Academic Hub', $text );
}

function test_hostile_values_are_escaped_or_dropped() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	$html = wp_test_shortcode(
		'flanders_events',
		array(
			'organiser'   => XSS,
			'institution' => "' onmouseover='alert(1)",
			'type'        => 'a&b c',
			'theme'       => 'x" onload="alert(1)',
			'lang'        => 'en" onload="alert(1)',
			'layout'      => '<cards>',
			'hub'         => 'javascript:alert(1)//',
		)
	);
	check_not_contains( '<script', $html );
	check_not_contains( '" onload', $html );
	check_not_contains( "' onmouseover", $html );
	check_same( 4, substr_count( $html, '<' ), 'only the element, the link and their end tags' );
	check_contains( 'organiser="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"', $html );
	check_contains( 'institution="&#039; onmouseover=&#039;alert(1)"', $html );
	$attributes = element_attributes( $html, 'events' );
	check_same( XSS, $attributes['organiser'], 'the value itself reaches the widget as text' );
	check_same( 'https://hub.example', $attributes['hub'], 'javascript: hub dropped' );
	check_same( 'en', $attributes['lang'] );
	check( ! isset( $attributes['theme'] ) && ! isset( $attributes['layout'] ), 'invalid theme and layout dropped' );
	list( $href ) = fallback_link( $html );
	check_same( 'https://hub.example/en/events/?organiser=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&institution=%27%20onmouseover%3D%27alert%281%29&type=a%26b%20c', $href );
	check_contains( 'href="https://hub.example/en/events/?organiser=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&#038;institution=', $html, 'query separator escaped in the href' );

	foreach ( array( 'https://evil.example/"><script>', 'data:text/html,<script>', 'https://hub.example/?x=1', '//hub.example', 'https://user:pw@hub.example' ) as $hub ) {
		$html = wp_test_shortcode( 'flanders_search', array( 'hub' => $hub ) );
		check_same( HUB, element_attributes( $html, 'search' )['hub'], "hub $hub dropped" );
	}

	// Another plugin may write hostile settings straight into the option.
	wp_test_reset(
		array(
			'options' => array(
				'flanders_hub_settings' => array(
					'hub_url' => 'https://hub.example/' . XSS,
					'theme'   => XSS,
					'lang'    => XSS,
				),
			),
		)
	);
	check_same( '', wp_test_shortcode( 'flanders_events' ), 'an invalid stored hub URL counts as none' );
	wp_test_reset( array( 'options' => array( 'flanders_hub_settings' => array( 'hub_url' => HUB, 'theme' => XSS, 'lang' => XSS ) ) ) );
	$html = wp_test_shortcode( 'flanders_events' );
	check_same( array( 'hub' => HUB, 'lang' => 'en' ), element_attributes( $html, 'events' ) );

	// A filtered link text is escaped too.
	wp_test_reset( array( 'options' => SITE_OK ) );
	$filter = function () {
		return '<img src=x onerror=alert(1)>';
	};
	add_filter( 'flanders_hub_fallback_text', $filter );
	$html = wp_test_shortcode( 'flanders_calendar' );
	unset( $GLOBALS['wp_test']['hooks']['flanders_hub_fallback_text'] );
	check_not_contains( '<img', $html );
	check_same( '<img src=x onerror=alert(1)>', fallback_link( $html )[1] );
}

function test_limit_is_clamped_to_an_integer_range() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	$cases = array(
		'5'      => '5',
		' 7 '    => '7',
		'0'      => '1',
		'-3'     => '1',
		'1000'   => '100',
		'100'    => '100',
		'abc'    => null,
		'5.5'    => null,
		'1e3'    => null,
		'5"'     => null,
		'' => null,
	);
	foreach ( $cases as $raw => $expected ) {
		$attributes = element_attributes( wp_test_shortcode( 'flanders_events', array( 'limit' => (string) $raw ) ), 'events' );
		check_same( $expected, $attributes['limit'] ?? null, "limit '$raw'" );
	}
}

function test_choices_come_from_allow_lists() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	$cases = array(
		array( 'layout', 'CARDS', 'cards' ),
		array( 'layout', 'grid', null ),
		array( 'time-zone', 'Visitor', 'visitor' ),
		array( 'time-zone', 'Europe/Brussels', null ),
		array( 'when', 'upcoming', 'upcoming' ),
		array( 'when', 'soon', null ),
		array( 'country', 'be', 'BE' ),
		array( 'country', 'BEL', null ),
		array( 'theme', 'Flanders', 'flanders' ),
		array( 'theme', 'dark mode', null ),
		array( 'organiser', str_repeat( 'x', 201 ), null ),
		array( 'organiser', "ku\0-leuven\n", 'ku-leuven' ),
	);
	foreach ( $cases as $case ) {
		list( $name, $raw, $expected ) = $case;
		$attributes = element_attributes( wp_test_shortcode( 'flanders_events', array( $name => $raw ) ), 'events' );
		check_same( $expected, $attributes[ $name ] ?? null, "$name '$raw'" );
	}
}

function test_language_of_the_widget_and_its_link() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	$html = wp_test_shortcode( 'flanders_events', array( 'lang' => 'NL', 'representation' => 'japan' ) );
	check_same( 'nl', element_attributes( $html, 'events' )['lang'] );
	check_same( array( 'https://hub.example/nl/events/?organiser=japan', 'Evenementen op de Vlaamse academische hub' ), fallback_link( $html ), 'a representation is the organiser on the listing' );
	$html = wp_test_shortcode( 'flanders_search', array( 'lang' => 'de', 'country' => 'JP' ) );
	check_same( array( 'https://hub.example/de/search/', 'Im Akademischen Hub Flandern suchen' ), fallback_link( $html ), 'the search page gets no filters' );
	check_same( 'JP', element_attributes( $html, 'search' )['country'] );

	$defaults = array(
		array( array( 'lang' => 'de' ), 'en_US', 'xx', 'de' ),
		array( array(), 'fr_BE', '', 'fr' ),
		array( array(), 'nl_NL', 'xx', 'nl' ),
		array( array(), 'ja', '', 'en' ),
	);
	foreach ( $defaults as $case ) {
		list( $settings, $locale, $lang, $expected ) = $case;
		wp_test_reset(
			array(
				'locale'  => $locale,
				'options' => array( 'flanders_hub_settings' => array( 'hub_url' => HUB ) + $settings ),
			)
		);
		$html = wp_test_shortcode( 'flanders_calendar', $lang ? array( 'lang' => $lang ) : array() );
		check_same( $expected, element_attributes( $html, 'calendar' )['lang'], "default language with locale $locale" );
		check_contains( "https://hub.example/$expected/events/", fallback_link( $html )[0] );
	}
}

function test_theme_defaults_to_the_setting() {
	wp_test_reset( array( 'options' => array( 'flanders_hub_settings' => array( 'hub_url' => HUB, 'theme' => 'ku-leuven' ) ) ) );
	check_same( 'ku-leuven', element_attributes( wp_test_shortcode( 'flanders_events' ), 'events' )['theme'] );
	check_same( 'ugent', element_attributes( wp_test_shortcode( 'flanders_events', array( 'theme' => 'ugent' ) ), 'events' )['theme'] );
}

function test_without_hub_url_visitors_see_nothing() {
	wp_test_reset();
	check_same( '', wp_test_shortcode( 'flanders_events', array( 'country' => 'JP' ) ) );
	check_same( array(), $GLOBALS['wp_test']['queue'], 'no script without a hub' );
	wp_test_reset( array( 'caps' => array( 'edit_posts' ) ) );
	$html = wp_test_shortcode( 'flanders_events' );
	check_contains( 'class="flanders-hub-notice"', $html );
	check_contains( 'Settings &gt; Flanders Academic Hub', $html );
	// A shortcode with its own hub works without the setting.
	wp_test_reset();
	$html = wp_test_shortcode( 'flanders_events', array( 'hub' => 'https://own-hub.example' ) );
	check_same( 'https://own-hub.example', element_attributes( $html, 'events' )['hub'] );
	check_same( 'https://own-hub.example/embed/v1/widgets.js', $GLOBALS['wp_test']['scripts'][ HANDLE ]['src'] );
}

function test_script_enqueued_once_deferred_from_the_site_hub() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	do_action( 'wp_enqueue_scripts' );
	check_same( array(), $GLOBALS['wp_test']['queue'], 'nothing enqueued on a page without widgets' );
	wp_test_shortcode( 'flanders_events' );
	wp_test_shortcode( 'flanders_search', array( 'hub' => 'https://other-hub.example' ) );
	Flanders_Hub_Block::render( array( 'widget' => 'expertise' ) );
	check_same( array( HANDLE ), $GLOBALS['wp_test']['queue'] );
	check_same( 1, $GLOBALS['wp_test']['enqueue_calls'], 'enqueued by the first widget only' );
	$script = $GLOBALS['wp_test']['scripts'][ HANDLE ];
	check_same( 'https://hub.example/embed/v1/widgets.js', $script['src'], 'the script of the site hub' );
	check_same( null, $script['ver'], 'no ?ver= query' );
	check_same( array( 'in_footer' => true, 'strategy' => 'defer' ), $script['args'] );
	$tags = wp_test_print_scripts();
	check_same( "<script src=\"https://hub.example/embed/v1/widgets.js\" id=\"flanders-hub-widgets-js\" defer></script>\n", $tags );
}

function test_script_deferred_before_wordpress_6_3() {
	wp_test_reset( array( 'options' => SITE_OK, 'version' => '6.1.1' ) );
	wp_test_shortcode( 'flanders_events' );
	wp_test_shortcode( 'flanders_events' );
	check_same( "<script defer src=\"https://hub.example/embed/v1/widgets.js\" id=\"flanders-hub-widgets-js\"></script>\n", wp_test_print_scripts() );
	// Other scripts are left alone.
	check_same( '<script src="x.js"></script>', apply_filters( 'script_loader_tag', '<script src="x.js"></script>', 'jquery', 'x.js' ) );
}

function test_block_renders_like_the_shortcode() {
	wp_test_reset( array( 'options' => SITE_OK ) );
	$render = $GLOBALS['wp_test']['blocks']['flanders-hub/widget']['args']['render_callback'];
	$block  = call_user_func(
		$render,
		array(
			'widget'   => 'calendar',
			'country'  => 'jp',
			'limit'    => 5,
			'layout'   => 'cards',
			'timeZone' => 'visitor',
			'lang'     => '',
			'theme'    => '',
			'hub'      => '',
		),
		'',
		null
	);
	$shortcode = wp_test_shortcode(
		'flanders_calendar',
		array(
			'country'   => 'jp',
			'limit'     => '5',
			'layout'    => 'cards',
			'time-zone' => 'visitor',
		)
	);
	check_same( $shortcode, $block );
	check_contains( 'time-zone="visitor"', $block );
	check_same( 'https://hub.example/en/events/?country=JP', fallback_link( $block )[0] );
	check_same( '7', element_attributes( call_user_func( $render, array( 'widget' => 'events', 'limit' => 7.0 ) ), 'events' )['limit'] );
	check_same( '', call_user_func( $render, array( 'widget' => 'script' ) ), 'unknown widget' );
	check_same( '', call_user_func( $render, array( 'widget' => array( 'events' ) ) ), 'non-string widget' );
	$html = call_user_func( $render, array( 'organiser' => XSS, 'onclick' => 'x' ) );
	check_not_contains( '<script', $html );
	check_not_contains( 'onclick', $html );
	check_contains( '<flanders-events ', $html, 'events by default' );
}

function test_settings_sanitize() {
	wp_test_reset( array( 'options' => array( 'flanders_hub_settings' => array( 'hub_url' => HUB, 'lang' => 'nl', 'theme' => 'flanders' ) ) ) );
	$sanitize = $GLOBALS['wp_test']['settings']['flanders_hub_settings'][1]['sanitize_callback'] ?? null;
	check( is_callable( $sanitize ), 'sanitize_callback registered (admin_init)' );
	check_same(
		array( 'hub_url' => 'https://new-hub.example.org/hub', 'lang' => 'fr', 'theme' => 'ku-leuven' ),
		call_user_func( $sanitize, array( 'hub_url' => ' https://new-hub.example.org/hub/ ', 'lang' => 'fr', 'theme' => 'KU-Leuven', 'extra' => 'x' ) )
	);
	check_same( array(), $GLOBALS['wp_test']['settings_errors'] );
	foreach ( array( 'javascript:alert(1)', 'https://hub.example/?q=1', 'ftp://hub.example', 'hub example', HUB . '/' . XSS ) as $bad ) {
		$GLOBALS['wp_test']['settings_errors'] = array();
		$result = call_user_func( $sanitize, array( 'hub_url' => $bad, 'lang' => 'nl', 'theme' => 'flanders' ) );
		check_same( HUB, $result['hub_url'], "bad URL '$bad' keeps the previous one" );
		check_same( 'hub_url', $GLOBALS['wp_test']['settings_errors'][0][1] ?? null, "error for '$bad'" );
	}
	$GLOBALS['wp_test']['settings_errors'] = array();
	$result = call_user_func( $sanitize, array( 'hub_url' => '', 'lang' => 'xx', 'theme' => 'dark mode' ) );
	check_same( array( 'hub_url' => '', 'lang' => '', 'theme' => 'flanders' ), $result );
	check_same( 'theme', $GLOBALS['wp_test']['settings_errors'][0][1] ?? null );
	check_same( array( 'hub_url' => '', 'lang' => '', 'theme' => '' ), call_user_func( $sanitize, array( 'hub_url' => array( 'x' ), 'lang' => array(), 'theme' => '' ) ) );
	check_same( array( 'hub_url' => HUB, 'lang' => '', 'theme' => '' ), call_user_func( $sanitize, array( 'hub_url' => HUB ) ) );
	wp_test_reset();
	check_same( array( 'hub_url' => '', 'lang' => '', 'theme' => '' ), call_user_func( $sanitize, 'not an array' ) );
}

function test_settings_page() {
	wp_test_reset(
		array(
			'caps'    => array( 'manage_options' ),
			'options' => array( 'flanders_hub_settings' => array( 'hub_url' => XSS, 'theme' => XSS, 'lang' => 'de' ) ),
		)
	);
	do_action( 'admin_menu' );
	$page = $GLOBALS['wp_test']['options_pages']['flanders-hub'] ?? null;
	check( null !== $page, 'Settings > Flanders Academic Hub' );
	check_same( 'manage_options', $page[2] );
	ob_start();
	call_user_func( $page[3] );
	$html = ob_get_clean();
	check_not_contains( '<script', $html );
	check_contains( 'name="flanders_hub_settings[hub_url]" value="&quot;&gt;&lt;script&gt;', $html );
	check_contains( 'name="flanders_hub_settings[theme]"', $html );
	check_contains( "<option value=\"de\" selected='selected'>German</option>", $html );
	check_contains( '<label for="flanders_hub_hub_url">Hub URL</label>', $html );
	check_contains( 'value="flanders_hub"', $html, 'settings_fields of the option group' );
	wp_test_reset();
	ob_start();
	call_user_func( $page[3] );
	check_same( '', ob_get_clean(), 'nothing for users who cannot manage options' );
	check_contains( 'no requests from the server', $GLOBALS['wp_test']['privacy']['Flanders Academic Hub'] ?? '', 'privacy policy text' );
	$links = apply_filters( 'plugin_action_links_flanders-hub/flanders-hub.php', array( '<a>Deactivate</a>' ) );
	check_same( '<a href="https://site.example/wp-admin/options-general.php?page=flanders-hub">Settings</a>', $links[0] );
}

function test_uninstall_removes_the_option() {
	$uninstall = dirname( __DIR__ ) . '/uninstall.php';
	wp_test_reset( array( 'options' => SITE_OK + array( 'other_plugin' => 'kept' ) ) );
	define( 'WP_UNINSTALL_PLUGIN', 'flanders-hub/flanders-hub.php' );
	include $uninstall;
	check_same( array( 'other_plugin' => 'kept' ), $GLOBALS['wp_test']['options'] );
	wp_test_reset( array( 'multisite' => true, 'sites' => array( 1, 2, 3 ), 'deleted' => array() ) );
	include $uninstall;
	check_same( array( array( 1, 'flanders_hub_settings' ), array( 1, 'flanders_hub_settings' ), array( 2, 'flanders_hub_settings' ), array( 3, 'flanders_hub_settings' ) ), $GLOBALS['wp_test']['deleted'] );
	check_same( 1, $GLOBALS['wp_test']['current_site'], 'back on the current site' );
}

function test_translations_are_loaded_by_language() {
	$languages = dirname( __DIR__ ) . '/languages';
	$cases     = array(
		'nl_BE' => 'nl',
		'nl_NL' => 'nl',
		'fr_FR' => 'fr',
		'fr_CA' => 'fr',
		'de_AT' => 'de',
		'en_GB' => null,
		'ja'    => null,
	);
	foreach ( $cases as $locale => $language ) {
		wp_test_reset( array( 'locale' => $locale ) );
		unset( $GLOBALS['wp_test']['loaded_mo'] );
		flanders_hub_load_textdomain();
		check_same( $language ? "$languages/flanders-hub-$language.mo" : null, $GLOBALS['wp_test']['loaded_mo']['flanders-hub'] ?? null, "PHP translations for $locale" );
		$json = apply_filters( 'load_script_translation_file', '/nowhere/flanders-hub-x.json', 'flanders-hub-widget-editor-script', 'flanders-hub' );
		check_same( $language ? "$languages/flanders-hub-$language-editor.json" : '/nowhere/flanders-hub-x.json', $json, "editor translations for $locale" );
	}
	wp_test_reset( array( 'locale' => 'nl_BE' ) );
	check_same( '/nowhere/x.json', apply_filters( 'load_script_translation_file', '/nowhere/x.json', 'other', 'other-domain' ), 'other domains untouched' );
	check_same( __FILE__, apply_filters( 'load_script_translation_file', __FILE__, 'flanders-hub-widget-editor-script', 'flanders-hub' ), 'an existing file wins' );
}

function test_strings_use_the_text_domain_and_are_in_the_pot() {
	$pot = file_get_contents( dirname( __DIR__ ) . '/languages/flanders-hub.pot' );
	check( count( $GLOBALS['wp_test']['strings'] ) > 10, 'the tests above translated strings' );
	foreach ( $GLOBALS['wp_test']['strings'] as $entry ) {
		list( $text, $domain ) = $entry;
		check_same( 'flanders-hub', $domain, "text domain of '$text'" );
		$msgid = 'msgid "' . addcslashes( $text, "\"\\\n" ) . '"';
		check_contains( $msgid, $pot, 'languages/flanders-hub.pot' );
	}
}

// --- runner -----------------------------------------------------------------

$failures = 0;
$tests    = array_values(
	array_filter(
		get_defined_functions()['user'],
		function ( $name ) {
			return 0 === strpos( $name, 'test_' );
		}
	)
);
foreach ( $tests as $number => $test ) {
	try {
		$test();
		echo 'ok ' . ( $number + 1 ) . " - $test\n";
	} catch ( Throwable $error ) {
		++$failures;
		$where = $error instanceof Check_Failed ? '' : ' (' . get_class( $error ) . ' at ' . basename( $error->getFile() ) . ':' . $error->getLine() . ')';
		echo 'not ok ' . ( $number + 1 ) . " - $test$where\n  " . str_replace( "\n", "\n  ", $error->getMessage() ) . "\n";
	}
}
echo '1..' . count( $tests ) . "\n";
echo $failures ? "$failures of " . count( $tests ) . " tests failed\n" : 'all ' . count( $tests ) . " tests passed\n";
exit( $failures ? 1 : 0 );
